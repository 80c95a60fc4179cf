// GET /api/events/latest?since=<eventId> – newest event id and the number of events after `since` (live updates)
import { z } from "zod";
import { apiRoute, parseQuery } from "@/lib/http/api-route";
import { getEventsSince } from "@/lib/queries/events";

// Blank means "not set", as for every filter (z.coerce.number would read it as 0: a count of every event).
const schema = z.object({
  since: z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    z
      .string()
      .regex(/^\d{1,10}$/, "must be an event id (a whole number)")
      .transform(Number)
      .pipe(z.number().max(2_147_483_647))
      .optional(),
  ),
});

export const GET = apiRoute(async (request: Request) => {
  const { since } = parseQuery(schema, request);
  return Response.json(await getEventsSince(since), { headers: { "Cache-Control": "no-store" } });
});
