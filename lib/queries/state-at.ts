// An association and its relations as they were at a past moment, replayed from the
// log with the projector's rules (lib/state-at.ts says what each cut means). Only this
// association's events are read: its own through the (subjectId, occurredAt, id) index,
// its relations' through (associationId, id); never the rest of the log.
import { db, type Prisma } from "../db";
import { eventRank, isHandledEventType } from "../domain/events";
import type { AssociationState, RelationState } from "../projection";
import type { StateBasis } from "../domain/values";
import { replayAssociation, type LoggedEvent, type StateAtRequest, type StateCut } from "../state-at";
import type { AssociationHistoryParams } from "../filters/associations";
import type { AssociationRow } from "./associations";
import { listAssociationHistory, type HistoryEntry, type HistoryPage } from "./history";
import { getLocationNames } from "./location-profiles";
import { projectableOf } from "./projector";
import type { RelationRow } from "./relations";

/** What the answer was computed from. */
interface AsOf {
  basis: StateBasis;
  /** The cut time (for afterEvent: that event's event time). */
  at: Date;
  afterEvent: number | null;
  /** Stored events inside the cut: the association's own and its relations'. */
  associationEvents: number;
  relationEvents: number;
}

export type AssociationAt =
  | { found: true; association: AssociationRow & { locationName: string | null }; relations: RelationRow[]; asOf: AsOf }
  /** No stored event names this association. */
  | { found: false; reason: "unknown" }
  /** It exists, but none of its events is inside the cut. */
  | { found: false; reason: "before_first"; firstEventId: number; firstEventAt: Date; basis: StateBasis }
  /** afterEvent names an event that is not this association's nor one of its relations'. */
  | { found: false; reason: "event_not_in_history"; eventId: number };

const logSelect = {
  id: true,
  type: true,
  kind: true,
  locationId: true,
  eventTimestamp: true,
  receivedAt: true,
  rawBody: true,
  verification: true,
  occurredAt: true,
  subjectId: true,
  associationId: true,
} satisfies Prisma.EventSelect;

function stateRow<S extends AssociationState | RelationState>(s: S): Omit<S, "stateAt" | "stateRank" | "stateEventId"> {
  const { stateAt: _at, stateRank: _rank, stateEventId: _id, ...row } = s;
  return row;
}

export async function getAssociationAt(id: string, request: StateAtRequest): Promise<AssociationAt> {
  const prisma = await db();
  let cut: StateCut;
  if ("afterEvent" in request) {
    const event = await prisma.event.findUnique({ where: { id: request.afterEvent }, select: logSelect });
    const ours = event && ((event.kind === "association" && event.subjectId === id) || (event.kind === "relation" && event.associationId === id));
    if (!event || !ours || !event.type || !isHandledEventType(event.type)) return { found: false, reason: "event_not_in_history", eventId: request.afterEvent };
    cut = { by: "afterEvent", key: { at: event.occurredAt, rank: eventRank(event.type), eventId: event.id } };
  } else {
    cut = { by: request.basis, at: request.at };
  }
  const cutAt = cut.by === "afterEvent" ? cut.key.at : cut.at;
  // A cut by event time reads an index range; a cut by receive time reads the subject's
  // events and filters (receive time is not in the index, and is never earlier than
  // the event time of events without a timestamp, so no shortcut is exact).
  const within: Prisma.EventWhereInput = cut.by === "received" ? { receivedAt: { lte: cutAt } } : { occurredAt: { lte: cutAt } };
  const [own, related] = await Promise.all([
    prisma.event.findMany({ where: { subjectId: id, kind: "association", ...within }, orderBy: [{ occurredAt: "asc" }, { id: "asc" }], select: logSelect }),
    prisma.event.findMany({ where: { associationId: id, kind: "relation", ...within }, orderBy: { id: "asc" }, select: logSelect }),
  ]);
  const logged = [...own, ...related].flatMap((row): LoggedEvent[] => {
    const ev = projectableOf(row);
    return ev ? [{ ev, eventId: row.id }] : [];
  });
  const replayed = replayAssociation(logged, cut);
  if (!replayed.association) {
    const basis = cut.by === "received" ? "received" : "event";
    const first = await prisma.event.findFirst({
      where: { subjectId: id, kind: "association" },
      orderBy: basis === "received" ? [{ receivedAt: "asc" }, { id: "asc" }] : [{ occurredAt: "asc" }, { id: "asc" }],
      select: { id: true, occurredAt: true, receivedAt: true },
    });
    if (!first) return { found: false, reason: "unknown" };
    return { found: false, reason: "before_first", firstEventId: first.id, firstEventAt: basis === "received" ? first.receivedAt : first.occurredAt, basis };
  }
  const association = stateRow(replayed.association);
  const names = await getLocationNames([association.locationId]);
  return {
    found: true,
    association: { ...association, locationName: names.get(association.locationId) ?? null },
    relations: replayed.relations.map(stateRow),
    asOf: {
      basis: cut.by === "received" ? "received" : "event",
      at: cutAt,
      afterEvent: cut.by === "afterEvent" ? cut.key.eventId : null,
      associationEvents: replayed.association.eventCount,
      relationEvents: replayed.relations.reduce((n, r) => n + r.eventCount, 0),
    },
  };
}

export type AssociationAtWithHistory =
  | {
      found: true;
      data: AssociationRow & { locationName: string | null; relations: RelationRow[]; asOf: AsOf; history: HistoryEntry[]; historyPage: HistoryPage };
    }
  | Exclude<AssociationAt, { found: true }>;

/** The API's answer for a past state: the replayed row and relations plus the same history page as now (the history is the whole log). */
export async function getAssociationAtWithHistory(
  id: string,
  request: StateAtRequest,
  history: AssociationHistoryParams,
  { rawBodies = false }: { rawBodies?: boolean } = {},
): Promise<AssociationAtWithHistory> {
  const [at, page] = await Promise.all([getAssociationAt(id, request), listAssociationHistory(id, history, { rawBodies })]);
  if (!at.found) return at;
  return {
    found: true,
    data: {
      ...at.association,
      relations: at.relations,
      asOf: at.asOf,
      history: page.data,
      historyPage: { nextCursor: page.nextCursor, prevCursor: page.prevCursor ?? null },
    },
  };
}
