// Group commit: concurrent deliveries share transactions, each is answered only
// with its own result, and one failing delivery does not fail its batch-mates.
import { beforeEach, describe, expect, it, vi } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { receiverStats } from "@/lib/receiver-stats";
import * as append from "@/lib/queries/append";
import { getDeliveriesByDay, getTotals } from "@/lib/queries/overview";
import { clearDatabase } from "./helpers/db";
import { deliver, eventBody } from "./helpers/http";
import { settleProjection } from "./helpers/projection";

vi.mock("@/lib/queries/append", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/lib/queries/append")>();
  return { ...original, appendBatch: vi.fn(original.appendBatch) };
});

const batches = vi.mocked(append.appendBatch);

const body = (i: number, webhookId = `gc-wh-${i}`) =>
  eventBody({
    type: "AssociationCreate",
    webhookId,
    id: `gc-${i}`,
    associationType: "USER_DEFINED",
    firstObjectKey: "contact",
    firstObjectLabel: `Label ${i}`,
    secondObjectKey: "custom_objects.property",
    secondObjectLabel: "Property",
    key: `gc_${i}`,
    locationId: `gc-loc-${i % 3}`,
  });

describe("group commit", () => {
  beforeEach(async () => {
    await clearDatabase();
    batches.mockClear();
  });

  it("stores 60 concurrent deliveries (with repeats) in fewer transactions, each answered with its own event", async () => {
    const sends = Array.from({ length: 60 }, (_, i) => deliver(body(i % 50))); // 10 repeats of earlier deliveries
    const answers = await Promise.all(sends);
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(answers.filter((a) => a.body.status === "stored")).toHaveLength(50);
    expect(answers.filter((a) => a.body.status === "duplicate")).toHaveLength(10);
    // A repeat is answered with the id of the event it repeats.
    for (let i = 50; i < 60; i++) expect(answers[i]?.body.eventId).toBe(answers[i - 50]?.body.eventId);

    await settleProjection();
    const prisma = await db();
    expect(await prisma.event.count()).toBe(50);
    expect(await prisma.association.count()).toBe(50);
    expect((await prisma.event.aggregate({ _sum: { duplicateCount: true } }))._sum.duplicateCount).toBe(10);
    expect((await getTotals()).duplicates).toBe(10); // the overview's counter agrees with the events
    expect(await getDeliveriesByDay()).toEqual([{ day: new Date().toISOString().slice(0, 10), type: "AssociationCreate", count: 50 }]);
    const locations = await prisma.location.findMany({ orderBy: { locationId: "asc" } });
    expect(locations.map((l) => [l.locationId, l.events, l.associations])).toEqual([
      ["gc-loc-0", 17, 17],
      ["gc-loc-1", 17, 17],
      ["gc-loc-2", 16, 16],
    ]);
    expect(batches.mock.calls.length).toBeLessThan(60);
  });

  it("re-runs a failed batch one delivery at a time: only the bad one is refused (429)", async () => {
    const original = batches.getMockImplementation();
    batches.mockImplementation(async (events) => {
      if (events.some((e) => e.webhookId === "gc-poison")) throw new Error("simulated storage failure");
      return original!(events);
    });
    try {
      const answers = await Promise.all([deliver(body(1)), deliver(body(2, "gc-poison")), deliver(body(3)), deliver(body(4))]);
      expect(answers.map((a) => a.status)).toEqual([200, 429, 200, 200]);
      expect(answers[1]?.body.error.code).toBe("storage_unavailable");
      expect(await (await db()).event.count()).toBe(3);
    } finally {
      batches.mockImplementation(original!);
    }
  });

  it("a batch lost to a broken connection: every delivery in it is answered 429 database_unavailable and counted once", async () => {
    const original = batches.getMockImplementation();
    batches.mockImplementation(async () => {
      throw new Error("Connection terminated unexpectedly"); // what node-postgres says, with no code
    });
    const before = receiverStats().refused429;
    try {
      const answers = await Promise.all([deliver(body(11)), deliver(body(12)), deliver(body(13))]);
      expect(answers.map((a) => a.status)).toEqual([429, 429, 429]);
      expect(answers.map((a) => a.body.error.details.reason)).toEqual(["database_unavailable", "database_unavailable", "database_unavailable"]);
      expect(answers.every((a) => Number(a.headers.get("retry-after")) > 0)).toBe(true);
      const after = receiverStats().refused429;
      expect(after.total - before.total).toBe(3);
      expect(after.database_unavailable - before.database_unavailable).toBe(3);
    } finally {
      batches.mockImplementation(original!);
      await disconnectDb(); // a new connection: the outage breaker starts fresh
    }
    expect((await deliver(body(14))).status).toBe(200);
  });
});
