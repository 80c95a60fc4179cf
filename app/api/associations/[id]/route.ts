// GET /api/associations/{id} – one association with one page of its event history;
// with at=… or afterEvent=… its state (and its relations') at that point instead of now.
import { ApiError, notFound } from "@/lib/http/errors";
import { associationHistorySchema } from "@/lib/filters/associations";
import { stateAtRequest, stateAtSchema } from "@/lib/filters/state-at";
import { apiRoute, parseQuery } from "@/lib/http/api-route";
import { getAssociation } from "@/lib/queries/associations";
import { getAssociationAtWithHistory } from "@/lib/queries/state-at";

export const GET = apiRoute(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const history = parseQuery(associationHistorySchema, request);
  const past = stateAtRequest(parseQuery(stateAtSchema, request));
  const { id } = await params;
  // No stored id is longer or holds NUL (which PostgreSQL text cannot even be compared with).
  if (id.length > 200 || id.includes("\u0000")) throw notFound("Association");
  if (!past) {
    const association = await getAssociation(id, { history });
    if (!association) throw notFound("Association");
    return Response.json({ data: association });
  }
  const answer = await getAssociationAtWithHistory(id, past, history);
  if (answer.found) return Response.json({ data: answer.data });
  if (answer.reason === "unknown") throw notFound("Association");
  if (answer.reason === "event_not_in_history") {
    throw new ApiError("not_found", `Event ${answer.eventId} is not an event of this association or of its relations`, {
      reason: "event_not_in_history",
      eventId: answer.eventId,
    });
  }
  const when = answer.basis === "received" ? "received" : "event time";
  throw new ApiError("not_found", `Association has no state before its first event (${when} ${answer.firstEventAt.toISOString()})`, {
    reason: "before_first_event",
    basis: answer.basis,
    firstEventAt: answer.firstEventAt.toISOString(),
    firstEventId: answer.firstEventId,
  });
});
