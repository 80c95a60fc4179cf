// GET /api/events/latest?since=<eventId> – newest event id and the number of events after `since` (live updates)
import { z } from "zod";
import { apiRoute, parseQuery } from "@/lib/http/api-route";
import { getEventsSince } from "@/lib/queries/events";

export const dynamic = "force-dynamic";

const schema = z.object({ since: z.coerce.number().int().min(0).max(2_147_483_647).optional() });

export const GET = apiRoute(async (request: Request) => {
  const { since } = parseQuery(schema, request);
  return Response.json(await getEventsSince(since), { headers: { "Cache-Control": "no-store" } });
});
