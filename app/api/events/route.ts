// GET /api/events – list stored deliveries, newest first
import { eventFiltersSchema } from "@/lib/filters/events";
import { apiRoute, parseQuery } from "@/lib/http/api-route";
import { listEvents } from "@/lib/queries/events";

export const GET = apiRoute(async (request: Request) => {
  return Response.json(await listEvents(parseQuery(eventFiltersSchema, request)));
});
