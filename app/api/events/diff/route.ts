// GET /api/events/diff?a=<id>&b=<id> – two stored events side by side: the fields
// that differ (A → B) and a unified line diff of their bodies (hunks), bounded in size.
import { ApiError } from "@/lib/http/errors";
import { eventDiffSchema } from "@/lib/filters/event-diff";
import { apiRoute, parseQuery } from "@/lib/http/api-route";
import { getEventDiff } from "@/lib/queries/event-diff";

export const GET = apiRoute(async (request: Request) => {
  const { a, b } = parseQuery(eventDiffSchema, request);
  const answer = await getEventDiff(a, b);
  if (!answer.found) {
    throw new ApiError("not_found", `Event ${answer.missing.map((id) => `#${id}`).join(" and ")} not found`, { missing: answer.missing });
  }
  return Response.json({ data: answer.diff });
});
