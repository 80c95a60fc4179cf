// State at a point in the past: the events of one association (and of its relations)
// that fall inside a cut, folded with the projector's own pure rules
// (lib/projection.ts). Pure, so the query (lib/queries/state-at.ts) only decides which
// events to read, and a test can compare it with projecting the same prefix by hand.
//
// Cuts (README "Investigate"):
// - event:      events whose event time (body timestamp, else receive time) is at or
//               before `at`, as far as the log knows now: "what HighLevel's state was
//               at that moment", including deliveries that arrived late.
// - received:   events received at or before `at`: what this monitor knew then (what
//               the dashboard showed, give or take the projection lag).
// - afterEvent: every event up to and including that one in projection order (event
//               time, then Delete > Update > Create, then arrival). Exact where several
//               events share one timestamp, which a time alone cannot separate.
import type { StateBasis } from "./domain/values";
import {
  cascadeAssociationDelete,
  compareOrder,
  projectAssociation,
  projectRelation,
  type AssociationState,
  type OrderKey,
  type Projectable,
  type RelationState,
} from "./projection";

export type StateCut = { by: "event"; at: Date } | { by: "received"; at: Date } | { by: "afterEvent"; key: OrderKey };

/** A past state as asked for: at a time by one of the bases, or right after an event. */
export type StateAtRequest = { at: Date; basis: StateBasis } | { afterEvent: number };

export interface LoggedEvent {
  ev: Projectable;
  eventId: number;
}

/** The projection order key of a logged event, exactly as projectBatch builds it. */
function orderKeyOf({ ev, eventId }: LoggedEvent): OrderKey {
  return { at: ev.eventTimestamp ?? ev.receivedAt, rank: ev.rank, eventId };
}

function withinCut(e: LoggedEvent, cut: StateCut): boolean {
  if (cut.by === "received") return e.ev.receivedAt.getTime() <= cut.at.getTime();
  const key = orderKeyOf(e);
  return cut.by === "event" ? key.at.getTime() <= cut.at.getTime() : compareOrder(key, cut.key) <= 0;
}

export interface ReplayedState {
  association: AssociationState | null;
  /** Sorted by id. */
  relations: RelationState[];
}

/**
 * Folds the events inside `cut` (others are ignored) into the association's and its
 * relations' state, in arrival (id) order as the projector and a reprojection meet
 * them. Not projection order: the rules are order-independent except for a field the
 * newest event does not carry (a Create's or a reconciled Update's cardinalities),
 * which keeps the value of whichever older event was applied first, so only arrival
 * order reproduces the projector's row (a cut after every event equals it).
 */
export function replayAssociation(events: readonly LoggedEvent[], cut: StateCut): ReplayedState {
  const inside = events.filter((e) => withinCut(e, cut)).sort((a, b) => a.eventId - b.eventId);
  let association: AssociationState | null = null;
  const relations = new Map<string, RelationState>();
  for (const e of inside) {
    const projected = { isDelete: e.ev.isDelete, order: orderKeyOf(e), receivedAt: e.ev.receivedAt };
    if (e.ev.kind === "association") {
      association = projectAssociation(association, { ...projected, payload: e.ev.payload });
    } else {
      const { payload } = e.ev;
      relations.set(payload.id, projectRelation(relations.get(payload.id) ?? null, { ...projected, payload }));
    }
  }
  // HighLevel deletes an association's relations with it (projectBatch's cascade): the
  // earliest delete wins, so applying it once at the end equals applying it per event.
  const deletedAt = association?.status === "deleted" ? association.deletedAt : null;
  const sorted = [...relations.values()]
    .map((r) => (deletedAt ? cascadeAssociationDelete(r, deletedAt) : r))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { association, relations: sorted };
}
