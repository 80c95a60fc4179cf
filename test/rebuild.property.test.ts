// Rebuild equals incremental: random sets of association, relation and install events,
// delivered in random orders and projected in random batch sizes (the projector
// runs at random points between deliveries), end in exactly the derived state
// that `npm run reproject` (rebuildFromLog) builds from the same log.
import fc from "fast-check";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { rebuildFromLog } from "@/lib/projector/rebuild";
import { clearDatabase } from "./helpers/db";
import { deliver, eventBody } from "./helpers/http";
import { settleProjection } from "./helpers/projection";

const associationIds = ["rb-a1", "rb-a2", "rb-a3"] as const;
const relationIds = ["rb-r1", "rb-r2", "rb-r3", "rb-r4"] as const;
const labels = ["Buyer", "Agent", "Owner"] as const;
const locations = ["rb-loc-1", "rb-loc-2"] as const;

const associationEvent = fc.record({
  type: fc.constantFrom("AssociationCreate", "AssociationUpdate", "AssociationDelete"),
  id: fc.constantFrom(...associationIds),
  label: fc.constantFrom(...labels),
  minute: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
});
const relationEvent = fc.record({
  type: fc.constantFrom("RelationCreate", "RelationDelete"),
  id: fc.constantFrom(...relationIds),
  associationId: fc.constantFrom(...associationIds),
  minute: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
});
// Single and bulk INSTALL / UNINSTALL, some naming a location no other event names.
const installEvent = fc.record({
  type: fc.constantFrom("INSTALL", "UNINSTALL"),
  id: fc.constantFrom("rb-i"),
  names: fc.subarray(["rb-loc-1", "rb-loc-2", "rb-loc-3"], { minLength: 1 }),
  bulk: fc.boolean(),
  company: fc.option(fc.constantFrom("Acme", "Beta"), { nil: undefined }),
  minute: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
});
type Generated = { type: string; id: string; minute: number | undefined } & (
  | { label: string }
  | { associationId: string }
  | { names: string[]; bulk: boolean; company: string | undefined }
);

function bodyOf(ev: Generated, n: number): string {
  const timestamp = ev.minute === undefined ? {} : { timestamp: `2026-03-01T10:${String(ev.minute).padStart(2, "0")}:00.000Z` };
  if ("names" in ev) {
    const where = ev.bulk || ev.names.length > 1 ? { locationIds: ev.names } : { locationId: ev.names[0] };
    return eventBody({
      type: ev.type,
      webhookId: `rb-${n}`,
      ...timestamp,
      appId: "app",
      companyId: "co",
      versionId: `v${n}`,
      ...(ev.company ? { companyName: ev.company } : {}),
      ...where,
    });
  }
  const locationId = locations[ev.id.charCodeAt(ev.id.length - 1) % 2] as string;
  if ("label" in ev) {
    const cardinalities =
      ev.type === "AssociationCreate" ? {} : { firstObjectToSecondObjectCardinality: "MANY_TO_MANY", secondObjectToFirstObjectCardinality: "ONE_TO_MANY" };
    return eventBody({
      type: ev.type,
      webhookId: `rb-${n}`,
      ...timestamp,
      id: ev.id,
      associationType: "USER_DEFINED",
      firstObjectKey: "contact",
      firstObjectLabel: ev.label,
      secondObjectKey: "custom_objects.property",
      secondObjectLabel: "Property",
      key: `${ev.id}_key`,
      locationId,
      ...cardinalities,
    });
  }
  return eventBody({
    type: ev.type,
    webhookId: `rb-${n}`,
    ...timestamp,
    id: ev.id,
    associationId: ev.associationId,
    firstObjectKey: "contact",
    firstRecordId: `c-${ev.id}`,
    secondObjectKey: "custom_objects.property",
    secondRecordId: `p-${ev.id}`,
    locationId,
  });
}

/** Every derived table, in a stable order. */
async function derivedState() {
  const prisma = await db();
  return {
    associations: await prisma.association.findMany({ orderBy: { id: "asc" } }),
    relations: await prisma.relation.findMany({ orderBy: { id: "asc" } }),
    locations: await prisma.location.findMany({ orderBy: { locationId: "asc" } }),
    locationHours: await prisma.locationHour.findMany({ orderBy: [{ locationId: "asc" }, { hour: "asc" }] }),
    eventDays: await prisma.eventDay.findMany({ orderBy: [{ day: "asc" }, { type: "asc" }] }),
    duplicates: (await prisma.counter.findUnique({ where: { name: "duplicates" } }))?.value ?? 0,
  };
}

describe("npm run reproject", () => {
  beforeEach(clearDatabase);

  it("rebuilds exactly the state incremental projection reached, for random events, orders and batch boundaries", async () => {
    const scenario = fc.record({
      events: fc.array(fc.oneof(associationEvent, relationEvent, installEvent), { minLength: 1, maxLength: 24 }),
      // Per delivery: run the projector after it (a batch boundary) or not.
      boundaries: fc.array(fc.boolean(), { minLength: 24, maxLength: 24 }),
      // Some deliveries are re-sent (HighLevel retries): duplicates, not new events.
      resend: fc.array(fc.nat({ max: 23 }), { maxLength: 4 }),
    });
    await fc.assert(
      fc.asyncProperty(scenario, async ({ events, boundaries, resend }) => {
        await clearDatabase();
        const bodies = events.map((ev, n) => bodyOf(ev as Generated, n));
        const sends = [...bodies, ...resend.filter((i) => i < bodies.length).map((i) => bodies[i] as string)];
        for (const [i, body] of sends.entries()) {
          const res = await deliver(body, { settle: false });
          expect(res.status).toBe(200);
          if (boundaries[i % boundaries.length]) await settleProjection();
        }
        await settleProjection();
        const incremental = await derivedState();
        expect(incremental.locations.length).toBeGreaterThan(0);

        const result = await rebuildFromLog();
        expect(result.done).toBe(bodies.length);
        expect(await derivedState()).toEqual(incremental);
      }),
      { numRuns: 25 },
    );
  });

  it("rebuild after the derived tables were damaged restores them", async () => {
    await deliver(bodyOf({ type: "AssociationCreate", id: "rb-a1", label: "Buyer", minute: 1 }, 1));
    await deliver(bodyOf({ type: "RelationCreate", id: "rb-r1", associationId: "rb-a1", minute: 2 }, 2));
    const before = await derivedState();
    const prisma = await db();
    const { writeDb, withWriteLock } = await import("@/lib/db");
    const writer = await writeDb();
    await withWriteLock(() => writer.association.update({ where: { id: "rb-a1" }, data: { firstObjectLabel: "Corrupted", eventCount: 99 } }));
    expect((await prisma.association.findUnique({ where: { id: "rb-a1" } }))?.firstObjectLabel).toBe("Corrupted");
    await rebuildFromLog();
    expect(await derivedState()).toEqual(before);
  });
});
