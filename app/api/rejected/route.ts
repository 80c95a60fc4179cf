// GET /api/rejected – requests the receiver refused, with their cause, and the totals per cause
import { rejectedFiltersSchema } from "@/lib/filters/rejected";
import { apiRoute, parseQuery } from "@/lib/http/api-route";
import { listRejected, rejectedTotals } from "@/lib/queries/rejected";

// `totals`: exact refusals per cause, which survive the eviction of old rows.
export const GET = apiRoute(async (request: Request) => {
  const [page, totals] = await Promise.all([listRejected(parseQuery(rejectedFiltersSchema, request)), rejectedTotals()]);
  return Response.json({ ...page, totals });
});
