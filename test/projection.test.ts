// Projection through the real receiver: arrival order must not matter, Delete is
// final, and an association's delete takes its relations with it.
import { beforeEach, describe, expect, test } from "vitest";
import { getAssociation } from "@/lib/queries/associations";
import { clearDatabase } from "./helpers/db";
import { deliver } from "./helpers/http";
import { locations, only, relations } from "./helpers/state";

beforeEach(clearDatabase);

const LOCATION_ID = "loc-projection";
const t = (day: number) => `2025-03-${String(day).padStart(2, "0")}T10:00:00.000Z`;

type Fields = Record<string, unknown>;

function association(type: "AssociationCreate" | "AssociationUpdate" | "AssociationDelete", fields: Fields = {}) {
  return JSON.stringify({
    type,
    id: "assoc-1",
    associationType: "USER_DEFINED",
    firstObjectKey: "contact",
    firstObjectLabel: "Buyer",
    secondObjectKey: "custom_objects.property",
    secondObjectLabel: "Property",
    key: "buyer_property",
    locationId: LOCATION_ID,
    ...(type === "AssociationCreate" ? {} : { firstObjectToSecondObjectCardinality: "MANY_TO_MANY", secondObjectToFirstObjectCardinality: "MANY_TO_MANY" }),
    ...fields,
  });
}

function relation(type: "RelationCreate" | "RelationDelete", fields: Fields = {}) {
  return JSON.stringify({
    type,
    id: "rel-1",
    firstObjectKey: "contact",
    firstRecordId: "contact-1",
    secondObjectKey: "custom_objects.property",
    secondRecordId: "property-1",
    associationId: "assoc-1",
    locationId: LOCATION_ID,
    ...fields,
  });
}

async function send(...bodies: string[]) {
  for (const body of bodies) {
    const res = await deliver(body);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe("stored");
  }
}

describe("out-of-order association events", () => {
  test("an Update that arrives before its Create creates the row; the newer Update's labels win", async () => {
    await send(
      association("AssociationUpdate", { timestamp: t(2), firstObjectLabel: "Buyer v2", secondObjectToFirstObjectCardinality: "ONE_TO_MANY" }),
      association("AssociationCreate", { timestamp: t(1), firstObjectLabel: "Buyer v1" }),
    );
    const row = await getAssociation("assoc-1");
    expect(row).toMatchObject({
      status: "active",
      eventCount: 2,
      firstObjectLabel: "Buyer v2",
      firstObjectToSecondObjectCardinality: "MANY_TO_MANY",
      secondObjectToFirstObjectCardinality: "ONE_TO_MANY",
      deletedAt: null,
    });
    expect(row?.lastEventAt.toISOString()).toBe(t(2));
    // History is in event order, not arrival order.
    expect(row?.history.map((h) => h.type)).toEqual(["AssociationCreate", "AssociationUpdate"]);
    expect(await locations()).toMatchObject([{ locationId: LOCATION_ID, events: 2, associations: 1 }]);
  });

  test("both arrival orders end in the same state", async () => {
    const create = (id: string) => association("AssociationCreate", { id, timestamp: t(1), secondObjectLabel: "Old" });
    const update = (id: string) => association("AssociationUpdate", { id, timestamp: t(2), secondObjectLabel: "New" });
    await send(create("in-order"), update("in-order"), update("reversed"), create("reversed"));
    const a = await getAssociation("in-order");
    const b = await getAssociation("reversed");
    expect(a?.secondObjectLabel).toBe("New");
    const { id: _a, history: _ha, firstSeenAt: _fa, ...stateA } = a!;
    const { id: _b, history: _hb, firstSeenAt: _fb, ...stateB } = b!;
    expect(stateB).toEqual(stateA);
  });

  test("an older Update after the Delete leaves the association deleted", async () => {
    await send(
      association("AssociationCreate", { timestamp: t(1) }),
      association("AssociationDelete", { timestamp: t(3) }),
      association("AssociationUpdate", { timestamp: t(2), firstObjectLabel: "Stale" }),
    );
    const row = await getAssociation("assoc-1");
    expect(row).toMatchObject({ status: "deleted", eventCount: 3, firstObjectLabel: "Buyer" });
    expect(row?.deletedAt?.toISOString()).toBe(t(3));
  });

  test("Delete is final: even a newer Update does not revive the association", async () => {
    await send(association("AssociationDelete", { timestamp: t(3) }), association("AssociationUpdate", { timestamp: t(4), firstObjectLabel: "After delete" }));
    const row = await getAssociation("assoc-1");
    expect(row?.status).toBe("deleted");
    expect(row?.deletedAt?.toISOString()).toBe(t(3));
  });

  test("at the same timestamp an Update outranks a Create whatever the arrival order", async () => {
    await send(
      association("AssociationUpdate", { timestamp: t(5), firstObjectLabel: "From update" }),
      association("AssociationCreate", { timestamp: t(5), firstObjectLabel: "From create" }),
    );
    expect((await getAssociation("assoc-1"))?.firstObjectLabel).toBe("From update");
  });

  test("events without a timestamp are ordered by receive time", async () => {
    await send(
      association("AssociationUpdate", { firstObjectLabel: "First received" }),
      association("AssociationUpdate", { firstObjectLabel: "Second received" }),
    );
    expect((await getAssociation("assoc-1"))?.firstObjectLabel).toBe("Second received");

    // A body stamped in the past is older than one received now without a stamp.
    await send(association("AssociationUpdate", { timestamp: "2020-01-01T00:00:00.000Z", firstObjectLabel: "Stamped 2020" }));
    const row = await getAssociation("assoc-1");
    expect(row?.firstObjectLabel).toBe("Second received");
    expect(row?.eventCount).toBe(3);
  });
});

describe("delete semantics", () => {
  test("RelationDelete marks the relation deleted", async () => {
    await send(relation("RelationCreate", { timestamp: t(1) }), relation("RelationDelete", { timestamp: t(2) }));
    const row = only(await relations({ associationId: "assoc-1" }));
    expect(row).toMatchObject({ id: "rel-1", status: "deleted", eventCount: 2, firstRecordId: "contact-1" });
    expect(row.deletedAt?.toISOString()).toBe(t(2));
    expect(await relations({ status: "active" })).toEqual([]);
  });

  test("a RelationDelete arriving before its RelationCreate leaves the relation deleted", async () => {
    await send(relation("RelationDelete", { timestamp: t(2) }), relation("RelationCreate", { timestamp: t(1) }));
    expect(await relations()).toMatchObject([{ id: "rel-1", status: "deleted", eventCount: 2 }]);
  });

  test("AssociationDelete marks that association's relations deleted, and only those", async () => {
    await send(
      association("AssociationCreate", { timestamp: t(1) }),
      relation("RelationCreate", { timestamp: t(2) }),
      relation("RelationCreate", { id: "rel-2", secondRecordId: "property-2", timestamp: t(2) }),
      relation("RelationCreate", { id: "rel-other", associationId: "assoc-other", timestamp: t(2) }),
      association("AssociationDelete", { timestamp: t(3) }),
    );
    expect((await getAssociation("assoc-1"))?.status).toBe("deleted");
    const rows = await relations({ associationId: "assoc-1" });
    expect(rows.map((r) => [r.id, r.status]).sort()).toEqual([
      ["rel-1", "deleted"],
      ["rel-2", "deleted"],
    ]);
    for (const r of rows) expect(r.deletedAt?.toISOString()).toBe(t(3));
    expect(await relations({ associationId: "assoc-other" })).toMatchObject([{ id: "rel-other", status: "active", deletedAt: null }]);
    expect(await locations()).toMatchObject([{ locationId: LOCATION_ID, events: 5, associations: 1, relations: 3 }]);
  });

  test("a RelationCreate arriving after its association's delete ends deleted", async () => {
    await send(association("AssociationDelete", { timestamp: t(3) }), relation("RelationCreate", { timestamp: t(4) }));
    const row = only(await relations({ associationId: "assoc-1" }));
    expect(row).toMatchObject({ id: "rel-1", status: "deleted" });
    expect(row.deletedAt?.toISOString()).toBe(t(3));
  });

  test("a relation deleted on its own after the association delete takes the earlier delete time", async () => {
    await send(
      relation("RelationCreate", { timestamp: t(1) }),
      relation("RelationDelete", { timestamp: t(5) }),
      association("AssociationDelete", { timestamp: t(3) }),
    );
    const row = only(await relations());
    expect(row.status).toBe("deleted");
    expect(row.deletedAt?.toISOString()).toBe(t(3));
  });
});
