// GET /api/rejected – requests the receiver refused, with their cause
import { rejectedFiltersSchema } from "@/lib/filters/rejected";
import { apiRoute, parseQuery } from "@/lib/http/api-route";
import { listRejected } from "@/lib/queries/rejected";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async (request: Request) => {
  return Response.json(await listRejected(parseQuery(rejectedFiltersSchema, request)));
});
