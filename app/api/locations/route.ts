// GET /api/locations – per-location totals, most recently active first
import { locationFiltersSchema } from "@/lib/filters/locations";
import { apiRoute, parseQuery } from "@/lib/http/api-route";
import { listLocations } from "@/lib/queries/locations";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async (request: Request) => {
  return Response.json(await listLocations(parseQuery(locationFiltersSchema, request)));
});
