// GET /api/locations – every location with its totals, install state, activity and
// silence: q, state, silent, sort, cursor/before, limit (lib/filters/locations.ts).
import { locationFiltersSchema } from "@/lib/filters/locations";
import { apiRoute, parseQuery } from "@/lib/http/api-route";
import { listLocations } from "@/lib/queries/locations";

export const GET = apiRoute(async (request: Request) => {
  return Response.json(await listLocations(parseQuery(locationFiltersSchema, request)));
});
