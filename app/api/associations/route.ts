// GET /api/associations – list associations (filters, sort, cursor paging)
import { associationFiltersSchema } from "@/lib/filters/associations";
import { apiRoute, parseQuery } from "@/lib/http/api-route";
import { listAssociations } from "@/lib/queries/associations";

export const GET = apiRoute(async (request: Request) => {
  return Response.json(await listAssociations(parseQuery(associationFiltersSchema, request)));
});
