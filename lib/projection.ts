// Order-independent projection of association and relation events into current
// state. Pure functions: the ingest transaction reads the current row (under a
// lock), calls these, and writes the result back.
//
// Rules (README "How events become state"):
// - Events are ordered by (occurredAt, rank, eventId): the body `timestamp`, or the
//   receive time when absent; then Delete > Update > Create; then arrival.
// - The fields come from the newest event (the fields it carries; a Create has no
//   cardinalities), older events only fill fields still missing.
// - An Update before its Create creates the row.
// - Delete is final: once deleted, no event of any age makes the row active again
//   (its fields still follow the newest event, so arrival order never matters).
import type { AssociationPayload, RelationPayload } from "./domain/events";
import type { AssociationStatus } from "./domain/values";

export interface OrderKey {
  at: Date;
  rank: number;
  eventId: number;
}

/** What projection needs of a logged association or relation event. */
export type Projectable = { eventTimestamp: Date | null; receivedAt: Date; rank: number; isDelete: boolean } & (
  | { kind: "association"; payload: AssociationPayload }
  | { kind: "relation"; payload: RelationPayload }
);

export interface ProjectedEvent<P> {
  payload: P;
  isDelete: boolean;
  order: OrderKey;
  receivedAt: Date;
}

interface Lifecycle {
  status: AssociationStatus;
  eventCount: number;
  firstSeenAt: Date;
  lastEventAt: Date;
  deletedAt: Date | null;
  stateAt: Date;
  stateRank: number;
  stateEventId: number;
}

export const associationFields = [
  "key",
  "associationType",
  "firstObjectKey",
  "firstObjectLabel",
  "secondObjectKey",
  "secondObjectLabel",
  "firstObjectToSecondObjectCardinality",
  "secondObjectToFirstObjectCardinality",
  "locationId",
] as const;

export const relationFields = ["associationId", "firstObjectKey", "firstRecordId", "secondObjectKey", "secondRecordId", "locationId"] as const;

export type AssociationState = Lifecycle & {
  id: string;
  key: string;
  associationType: string;
  firstObjectKey: string;
  firstObjectLabel: string;
  secondObjectKey: string;
  secondObjectLabel: string;
  firstObjectToSecondObjectCardinality: string | null;
  secondObjectToFirstObjectCardinality: string | null;
  locationId: string;
};

export type RelationState = Lifecycle & {
  id: string;
  associationId: string;
  firstObjectKey: string;
  firstRecordId: string;
  secondObjectKey: string;
  secondRecordId: string;
  locationId: string;
};

export function compareOrder(a: OrderKey, b: OrderKey): number {
  return a.at.getTime() - b.at.getTime() || a.rank - b.rank || a.eventId - b.eventId;
}

function stateKeyOf(row: Lifecycle): OrderKey {
  return { at: row.stateAt, rank: row.stateRank, eventId: row.stateEventId };
}

function minDate(a: Date, b: Date): Date {
  return a.getTime() <= b.getTime() ? a : b;
}

function maxDate(a: Date, b: Date): Date {
  return a.getTime() >= b.getTime() ? a : b;
}

/** Picks the listed fields that the payload actually carries as strings. */
function carried<F extends string>(payload: Partial<Record<F, unknown>>, fields: readonly F[]): Partial<Record<F, string>> {
  const out: Partial<Record<F, string>> = {};
  for (const f of fields) {
    const v = payload[f];
    if (typeof v === "string") out[f] = v;
  }
  return out;
}

function lifecycleAfter(current: Lifecycle | null, ev: ProjectedEvent<unknown>): Lifecycle {
  const at = ev.order.at;
  if (!current) {
    return {
      status: ev.isDelete ? "deleted" : "active",
      eventCount: 1,
      firstSeenAt: ev.receivedAt,
      lastEventAt: at,
      deletedAt: ev.isDelete ? at : null,
      stateAt: at,
      stateRank: ev.order.rank,
      stateEventId: ev.order.eventId,
    };
  }
  const newer = compareOrder(ev.order, stateKeyOf(current)) > 0;
  const deletedAt = ev.isDelete ? (current.deletedAt ? minDate(current.deletedAt, at) : at) : current.deletedAt;
  return {
    status: ev.isDelete || current.status === "deleted" ? "deleted" : "active",
    eventCount: current.eventCount + 1,
    firstSeenAt: minDate(current.firstSeenAt, ev.receivedAt),
    lastEventAt: maxDate(current.lastEventAt, at),
    deletedAt,
    stateAt: newer ? at : current.stateAt,
    stateRank: newer ? ev.order.rank : current.stateRank,
    stateEventId: newer ? ev.order.eventId : current.stateEventId,
  };
}

function fieldsAfter<F extends string>(
  current: (Lifecycle & Record<F, string | null>) | null,
  ev: ProjectedEvent<Partial<Record<F, unknown>>>,
  fields: readonly F[],
): Partial<Record<F, string>> {
  const incoming = carried(ev.payload, fields);
  if (!current || compareOrder(ev.order, stateKeyOf(current)) > 0) return incoming;
  // An older event only fills fields the state lacks (a Create newer than an Update
  // carries no cardinalities), so the result does not depend on arrival order.
  // Only null counts as missing: an empty string carried by a newer event is a value.
  const fills: Partial<Record<F, string>> = {};
  for (const f of fields) {
    const v = incoming[f];
    if (v !== undefined && current[f] == null) fills[f] = v;
  }
  return fills;
}

export function projectAssociation(current: AssociationState | null, ev: ProjectedEvent<AssociationPayload>): AssociationState {
  const base: AssociationState = current ?? {
    id: ev.payload.id,
    key: "",
    associationType: "",
    firstObjectKey: "",
    firstObjectLabel: "",
    secondObjectKey: "",
    secondObjectLabel: "",
    firstObjectToSecondObjectCardinality: null,
    secondObjectToFirstObjectCardinality: null,
    locationId: ev.payload.locationId,
    ...lifecycleAfter(null, ev),
  };
  return { ...base, ...fieldsAfter(current, ev, associationFields), ...lifecycleAfter(current, ev) };
}

export function projectRelation(current: RelationState | null, ev: ProjectedEvent<RelationPayload>): RelationState {
  const base: RelationState = current ?? {
    id: ev.payload.id,
    associationId: ev.payload.associationId,
    firstObjectKey: "",
    firstRecordId: "",
    secondObjectKey: "",
    secondRecordId: "",
    locationId: ev.payload.locationId,
    ...lifecycleAfter(null, ev),
  };
  return { ...base, ...fieldsAfter(current, ev, relationFields), ...lifecycleAfter(current, ev) };
}

/** A relation whose association is deleted is deleted too (HighLevel removes them). */
export function cascadeAssociationDelete(relation: RelationState, associationDeletedAt: Date): RelationState {
  // The earliest delete wins, whichever arrived first, so arrival order never matters.
  const deletedAt = relation.deletedAt ? minDate(relation.deletedAt, associationDeletedAt) : associationDeletedAt;
  return { ...relation, status: "deleted", deletedAt };
}
