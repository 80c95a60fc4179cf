// Events about the same association and its relations inside one batch fold to the
// same state as the same events delivered one at a time.
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { clearDatabase } from "./helpers/db";
import { deliver, eventBody } from "./helpers/http";

function scenario(tag: string) {
  const association = `${tag}-assoc`;
  const base = {
    associationType: "USER_DEFINED",
    firstObjectKey: "contact",
    secondObjectKey: "custom_objects.property",
    key: `${tag}_key`,
    locationId: `${tag}-loc`,
  };
  const relation = (n: number, type: string, minute: number) =>
    eventBody({
      type,
      webhookId: `${tag}-${type}-${n}`,
      timestamp: `2026-05-01T10:${String(minute).padStart(2, "0")}:00Z`,
      id: `${tag}-rel-${n}`,
      associationId: association,
      firstObjectKey: "contact",
      firstRecordId: `c${n}`,
      secondObjectKey: "custom_objects.property",
      secondRecordId: `p${n}`,
      locationId: base.locationId,
    });
  return [
    eventBody({
      type: "AssociationCreate",
      webhookId: `${tag}-c`,
      timestamp: "2026-05-01T10:00:00Z",
      id: association,
      ...base,
      firstObjectLabel: "Buyer",
      secondObjectLabel: "Property",
    }),
    relation(1, "RelationCreate", 1),
    eventBody({
      type: "AssociationUpdate",
      webhookId: `${tag}-u`,
      timestamp: "2026-05-01T10:02:00Z",
      id: association,
      ...base,
      firstObjectLabel: "Interested Buyer",
      secondObjectLabel: "Property",
      firstObjectToSecondObjectCardinality: "MANY_TO_MANY",
      secondObjectToFirstObjectCardinality: "ONE_TO_MANY",
    }),
    relation(2, "RelationCreate", 3),
    relation(1, "RelationDelete", 4),
    eventBody({
      type: "AssociationDelete",
      webhookId: `${tag}-d`,
      timestamp: "2026-05-01T10:05:00Z",
      id: association,
      ...base,
      firstObjectLabel: "Interested Buyer",
      secondObjectLabel: "Property",
      firstObjectToSecondObjectCardinality: "MANY_TO_MANY",
      secondObjectToFirstObjectCardinality: "ONE_TO_MANY",
    }),
    relation(3, "RelationCreate", 6), // after the delete: must end deleted
    eventBody({ type: "AssociationCreate", webhookId: `${tag}-c`, id: association, ...base, firstObjectLabel: "Buyer", secondObjectLabel: "Property" }), // a re-send
  ];
}

async function stateOf(tag: string) {
  const prisma = await db();
  const strip = (s: string) => s.replaceAll(tag, "T");
  const association = await prisma.association.findUnique({ where: { id: `${tag}-assoc` } });
  const relations = await prisma.relation.findMany({ where: { associationId: `${tag}-assoc` }, orderBy: { id: "asc" } });
  const location = await prisma.location.findUnique({ where: { locationId: `${tag}-loc` } });
  const { firstSeenAt: _a, stateEventId: _b, id, key, locationId, ...a } = association!;
  return {
    association: { ...a, id: strip(id), key: strip(key), locationId: strip(locationId) },
    relations: relations.map(({ firstSeenAt: _f, stateEventId: _s, id: rid, associationId, locationId: l, ...r }) => ({
      ...r,
      id: strip(rid),
      associationId: strip(associationId),
      locationId: strip(l),
    })),
    location: { associations: location?.associations, relations: location?.relations, events: location?.events, lastEventAt: location?.lastEventAt },
  };
}

describe("projection within one batch", () => {
  beforeEach(clearDatabase);

  it("equals delivering the same events one at a time", async () => {
    for (const body of scenario("seq")) expect((await deliver(body)).status).toBe(200);
    const answers = await Promise.all(scenario("bat").map((body) => deliver(body)));
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(200));
    expect(answers.at(-1)?.body.status).toBe("duplicate");

    const sequential = await stateOf("seq");
    expect(sequential.association).toMatchObject({ status: "deleted", firstObjectLabel: "Interested Buyer", eventCount: 3 });
    expect(sequential.relations.map((r) => [r.id, r.status, r.deletedAt?.toISOString()])).toEqual([
      ["T-rel-1", "deleted", "2026-05-01T10:04:00.000Z"],
      ["T-rel-2", "deleted", "2026-05-01T10:05:00.000Z"],
      ["T-rel-3", "deleted", "2026-05-01T10:05:00.000Z"],
    ]);
    expect(sequential.location).toMatchObject({ associations: 1, relations: 3, events: 7 });
    expect(await stateOf("bat")).toEqual(sequential);
  });
});
