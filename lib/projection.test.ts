import { describe, expect, it } from "vitest";
import {
  eventRank,
  type AssociationEventType,
  type AssociationPayload,
  type HandledEventType,
  type RelationEventType,
  type RelationPayload,
} from "./domain/events";
import {
  cascadeAssociationDelete,
  compareOrder,
  projectAssociation,
  projectRelation,
  type AssociationState,
  type ProjectedEvent,
  type RelationState,
} from "./projection";

/** Every ordering of the items (n! arrays). */
function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

const t = (minute: number) => new Date(Date.UTC(2026, 2, 1, 10, minute));

interface Sent<T extends HandledEventType, P> {
  type: T;
  payload: P;
  at: Date;
  receivedAt: Date;
}

/** Projects events in the given arrival order; eventIds follow arrival, as the database assigns them. */
function replay<T extends HandledEventType, P, S>(arrivals: readonly Sent<T, P>[], project: (current: S | null, ev: ProjectedEvent<P>) => S): S {
  let state: S | null = null;
  arrivals.forEach((e, i) => {
    state = project(state, {
      payload: e.payload,
      isDelete: e.type.endsWith("Delete"),
      order: { at: e.at, rank: eventRank(e.type), eventId: i + 1 },
      receivedAt: e.receivedAt,
    });
  });
  if (state === null) throw new Error("no events");
  return state;
}

/** Everything but stateEventId, which names the arrival slot of the winning event. */
function visible<S extends { stateEventId: number }>(state: S): Omit<S, "stateEventId"> {
  const { stateEventId: _ignored, ...rest } = state;
  return rest;
}

const base: AssociationPayload = {
  id: "assoc-1",
  associationType: "USER_DEFINED",
  key: "contact_property",
  firstObjectKey: "contact",
  firstObjectLabel: "Buyer",
  secondObjectKey: "custom_objects.property",
  secondObjectLabel: "Property",
  locationId: "loc-1",
};
const cards = (a: string, b: string) => ({
  firstObjectToSecondObjectCardinality: a,
  secondObjectToFirstObjectCardinality: b,
});

type AssocSent = Sent<AssociationEventType, AssociationPayload>;
const assoc = (type: AssociationEventType, at: Date, receivedAt: Date, payload: Partial<AssociationPayload> = {}): AssocSent => ({
  type,
  at,
  receivedAt,
  payload: { ...base, ...payload },
});

/** Asserts every arrival order of the events projects to the same state, and returns it. */
function sameForEveryOrder(events: readonly AssocSent[]): AssociationState {
  const orders = permutations(events);
  const results = orders.map((order) => visible(replay(order, projectAssociation)));
  const first = results[0];
  for (const [i, result] of results.entries()) expect(result, `arrival order #${i}`).toEqual(first);
  return replay(events, projectAssociation);
}

describe("permutations helper", () => {
  it("yields every ordering exactly once", () => {
    const all = permutations([1, 2, 3, 4]);
    expect(all).toHaveLength(24);
    expect(new Set(all.map((p) => p.join(""))).size).toBe(24);
    expect(all.every((p) => [...p].sort().join("") === "1234")).toBe(true);
  });
});

describe("projectAssociation: order independence", () => {
  it("Create t1, Update t2 (new labels), Delete t3: every arrival order gives the same final state", () => {
    const relabelled = { firstObjectLabel: "Owner", secondObjectLabel: "Home", ...cards("ONE_TO_MANY", "MANY_TO_ONE") };
    const state = sameForEveryOrder([
      assoc("AssociationCreate", t(1), t(9)),
      assoc("AssociationUpdate", t(2), t(3), relabelled),
      assoc("AssociationDelete", t(3), t(5), relabelled),
    ]);
    expect(state).toMatchObject({
      ...relabelled,
      key: "contact_property",
      status: "deleted",
      deletedAt: t(3),
      firstSeenAt: t(3),
      lastEventAt: t(3),
      eventCount: 3,
      stateAt: t(3),
      stateRank: 3,
    });
  });

  it("a newer Create without cardinalities keeps those of an older Update, in any order", () => {
    const state = sameForEveryOrder([
      assoc("AssociationUpdate", t(1), t(1), { firstObjectLabel: "Old", ...cards("MANY_TO_MANY", "MANY_TO_MANY") }),
      assoc("AssociationCreate", t(2), t(4), { firstObjectLabel: "New" }),
    ]);
    expect(state).toMatchObject({ firstObjectLabel: "New", ...cards("MANY_TO_MANY", "MANY_TO_MANY"), status: "active" });
    expect(state).toMatchObject({ firstSeenAt: t(1), lastEventAt: t(2), deletedAt: null, eventCount: 2 });
  });

  it("a newer Update's cardinalities replace an older Update's, whether a Create arrives before or after", () => {
    const state = sameForEveryOrder([
      assoc("AssociationCreate", t(1), t(6)),
      assoc("AssociationUpdate", t(2), t(2), cards("ONE_TO_ONE", "ONE_TO_ONE")),
      assoc("AssociationUpdate", t(3), t(7), { secondObjectLabel: "Listing", ...cards("ONE_TO_MANY", "MANY_TO_ONE") }),
    ]);
    expect(state).toMatchObject({ secondObjectLabel: "Listing", ...cards("ONE_TO_MANY", "MANY_TO_ONE"), status: "active" });
    expect(state).toMatchObject({ firstSeenAt: t(2), lastEventAt: t(3), eventCount: 3 });
  });

  it("equal timestamps are resolved by rank Delete > Update > Create", () => {
    const state = sameForEveryOrder([
      assoc("AssociationCreate", t(5), t(5), { firstObjectLabel: "Created" }),
      assoc("AssociationUpdate", t(5), t(6), { firstObjectLabel: "Updated", ...cards("ONE_TO_ONE", "ONE_TO_ONE") }),
      assoc("AssociationDelete", t(5), t(7), { firstObjectLabel: "Deleted", ...cards("MANY_TO_MANY", "MANY_TO_MANY") }),
    ]);
    expect(state).toMatchObject({ firstObjectLabel: "Deleted", ...cards("MANY_TO_MANY", "MANY_TO_MANY") });
    expect(state).toMatchObject({ status: "deleted", deletedAt: t(5), stateRank: 3, eventCount: 3 });

    const noDelete = sameForEveryOrder([
      assoc("AssociationUpdate", t(5), t(6), { firstObjectLabel: "Updated" }),
      assoc("AssociationCreate", t(5), t(5), { firstObjectLabel: "Created" }),
    ]);
    expect(noDelete).toMatchObject({ firstObjectLabel: "Updated", status: "active", stateRank: 2 });
  });

  it("an empty label carried by the newest event is kept, in any order", () => {
    const state = sameForEveryOrder([
      assoc("AssociationCreate", t(1), t(1), { secondObjectLabel: "Property" }),
      assoc("AssociationUpdate", t(2), t(2), { secondObjectLabel: "", ...cards("MANY_TO_MANY", "MANY_TO_MANY") }),
    ]);
    expect(state.secondObjectLabel).toBe("");
  });

  it("two deletes keep the earliest delete time and the newest fields", () => {
    const state = sameForEveryOrder([
      assoc("AssociationCreate", t(1), t(1)),
      assoc("AssociationDelete", t(4), t(8), { firstObjectLabel: "Late", ...cards("ONE_TO_ONE", "ONE_TO_ONE") }),
      assoc("AssociationDelete", t(3), t(2), { firstObjectLabel: "Early", ...cards("ONE_TO_ONE", "ONE_TO_ONE") }),
    ]);
    expect(state).toMatchObject({ status: "deleted", deletedAt: t(3), firstObjectLabel: "Late", lastEventAt: t(4), firstSeenAt: t(1) });
  });

  it("with equal time and rank, the later arrival wins (documented tie-break on eventId)", () => {
    const a = assoc("AssociationUpdate", t(2), t(2), { firstObjectLabel: "A" });
    const b = assoc("AssociationUpdate", t(2), t(3), { firstObjectLabel: "B" });
    expect(replay([a, b], projectAssociation).firstObjectLabel).toBe("B");
    expect(replay([b, a], projectAssociation).firstObjectLabel).toBe("A");
  });
});

describe("projectAssociation: lifecycle", () => {
  it("an Update arriving before any Create creates the row from its fields", () => {
    const update = assoc("AssociationUpdate", t(2), t(3), { firstObjectLabel: "Owner", ...cards("ONE_TO_ONE", "ONE_TO_ONE") });
    const state = replay([update], projectAssociation);
    expect(state).toEqual({
      ...update.payload,
      status: "active",
      eventCount: 1,
      firstSeenAt: t(3),
      lastEventAt: t(2),
      deletedAt: null,
      stateAt: t(2),
      stateRank: 2,
      stateEventId: 1,
    });
  });

  it("a Create has no cardinalities until an event carries them", () => {
    const state = replay([assoc("AssociationCreate", t(1), t(1))], projectAssociation);
    expect(state.firstObjectToSecondObjectCardinality).toBeNull();
    expect(state.secondObjectToFirstObjectCardinality).toBeNull();
  });

  it("Delete is final: an older Create or Update arriving later never reactivates the row", () => {
    const deleted = assoc("AssociationDelete", t(5), t(5), { firstObjectLabel: "Final", ...cards("ONE_TO_ONE", "ONE_TO_ONE") });
    const state = replay(
      [deleted, assoc("AssociationCreate", t(1), t(6)), assoc("AssociationUpdate", t(2), t(7), { firstObjectLabel: "Mid" })],
      projectAssociation,
    );
    expect(state).toMatchObject({ status: "deleted", deletedAt: t(5), firstObjectLabel: "Final", lastEventAt: t(5), eventCount: 3 });
  });

  it("Delete is final even against a newer Update, whose fields are still taken", () => {
    const state = replay([assoc("AssociationDelete", t(5), t(5)), assoc("AssociationUpdate", t(8), t(9), { firstObjectLabel: "After" })], projectAssociation);
    expect(state).toMatchObject({ status: "deleted", deletedAt: t(5), firstObjectLabel: "After", lastEventAt: t(8) });
  });
});

type RelSent = Sent<RelationEventType, RelationPayload>;
const relationPayload: RelationPayload = {
  id: "rel-1",
  associationId: "assoc-1",
  firstObjectKey: "contact",
  firstRecordId: "contact-1",
  secondObjectKey: "custom_objects.property",
  secondRecordId: "property-1",
  locationId: "loc-1",
};
const rel = (type: RelationEventType, at: Date, receivedAt: Date): RelSent => ({ type, at, receivedAt, payload: relationPayload });

describe("projectRelation", () => {
  it("RelationCreate then RelationDelete gives the same state in either arrival order", () => {
    const events = [rel("RelationCreate", t(1), t(4)), rel("RelationDelete", t(3), t(2))];
    const results = permutations(events).map((order) => visible(replay(order, projectRelation)));
    expect(results[1]).toEqual(results[0]);
    expect(results[0]).toMatchObject({
      ...relationPayload,
      status: "deleted",
      deletedAt: t(3),
      firstSeenAt: t(2),
      lastEventAt: t(3),
      eventCount: 2,
    });
  });
});

describe("cascadeAssociationDelete", () => {
  const active = (): RelationState => replay([rel("RelationCreate", t(1), t(1))], projectRelation);

  it("deletes an active relation at the association's delete time, keeping its fields", () => {
    const cascaded = cascadeAssociationDelete(active(), t(6));
    expect(cascaded).toEqual({ ...active(), status: "deleted", deletedAt: t(6) });
  });

  it("keeps the earliest delete time, whichever came first", () => {
    const deletedLater = projectRelation(active(), { payload: relationPayload, isDelete: true, order: { at: t(9), rank: 3, eventId: 2 }, receivedAt: t(9) });
    expect(cascadeAssociationDelete(deletedLater, t(6)).deletedAt).toEqual(t(6));
    const deletedEarlier = projectRelation(active(), { payload: relationPayload, isDelete: true, order: { at: t(3), rank: 3, eventId: 2 }, receivedAt: t(3) });
    expect(cascadeAssociationDelete(deletedEarlier, t(6)).deletedAt).toEqual(t(3));
    // Cascade first, then the relation's own later delete arrives: still the earliest.
    const cascadedFirst = cascadeAssociationDelete(active(), t(6));
    const thenOwn = projectRelation(cascadedFirst, { payload: relationPayload, isDelete: true, order: { at: t(9), rank: 3, eventId: 3 }, receivedAt: t(9) });
    expect(thenOwn).toMatchObject({ status: "deleted", deletedAt: t(6) });
  });
});

describe("compareOrder", () => {
  it("orders by time, then rank, then eventId", () => {
    expect(compareOrder({ at: t(1), rank: 3, eventId: 9 }, { at: t(2), rank: 1, eventId: 1 })).toBeLessThan(0);
    expect(compareOrder({ at: t(2), rank: 3, eventId: 1 }, { at: t(2), rank: 2, eventId: 9 })).toBeGreaterThan(0);
    expect(compareOrder({ at: t(2), rank: 2, eventId: 4 }, { at: t(2), rank: 2, eventId: 5 })).toBeLessThan(0);
    expect(compareOrder({ at: t(2), rank: 2, eventId: 5 }, { at: t(2), rank: 2, eventId: 5 })).toBe(0);
  });
});
