// GET /api/relations – list relations (record-level links)
import { relationFiltersSchema } from "@/lib/filters/relations";
import { apiRoute, parseQuery } from "@/lib/http/api-route";
import { listRelations } from "@/lib/queries/relations";

export const GET = apiRoute(async (request: Request) => {
  return Response.json(await listRelations(parseQuery(relationFiltersSchema, request)));
});
