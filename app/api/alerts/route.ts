// GET /api/alerts – alerts newest first (status, rule, cursor/before, limit), each with
// its timeline and messages; `counts`: alerts not yet resolved, open and acknowledged.
import { alertFiltersSchema } from "@/lib/filters/alerts";
import { apiRoute, parseQuery } from "@/lib/http/api-route";
import { countUnresolvedAlerts } from "@/lib/queries/alerts";
import { listAlerts } from "@/lib/queries/alerts-list";

export const GET = apiRoute(async (request: Request) => {
  const [page, counts] = await Promise.all([listAlerts(parseQuery(alertFiltersSchema, request)), countUnresolvedAlerts()]);
  return Response.json({ ...page, counts });
});
