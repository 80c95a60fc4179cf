// The projector: position saved with the projection (exactly once across a failed
// step), one lease holder at a time, commit order on PostgreSQL (an id drawn before
// an earlier one commits is never skipped), and SQLite readers that never see an
// open write transaction.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { databaseKind, db, withWriteLock, writeDb } from "@/lib/db";
import { getAssociation } from "@/lib/queries/associations";
import * as eventDays from "@/lib/queries/event-days";
import { appendBatch } from "@/lib/queries/append";
import type { IncomingEvent } from "@/lib/queries/ingest-types";
import { acquireLease, LeaseLost, projectNext, PROJECTOR, releaseLease } from "@/lib/queries/projector";
import { projectorStatus } from "@/lib/queries/projector-status";
import { clearDatabase } from "./helpers/db";
import { deliver, eventBody } from "./helpers/http";
import { settleProjection } from "./helpers/projection";

vi.mock("@/lib/queries/event-days", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/lib/queries/event-days")>();
  return { ...original, bumpEventDays: vi.fn(original.bumpEventDays) };
});

const association = (id: string, label: string, webhookId = `pj-${id}-${label}`) =>
  eventBody({
    type: "AssociationCreate",
    webhookId,
    id,
    associationType: "USER_DEFINED",
    firstObjectKey: "contact",
    firstObjectLabel: label,
    secondObjectKey: "custom_objects.property",
    secondObjectLabel: "Property",
    key: `${id}_key`,
    locationId: "pj-loc",
  });

/** What the receiver would hand to storage for `association(id, label)`. */
function incoming(id: string, label: string): IncomingEvent {
  const body = association(id, label);
  const payload = JSON.parse(body) as Record<string, string>;
  return {
    kind: "association",
    type: "AssociationCreate",
    rank: 0,
    isDelete: false,
    payload: payload as never,
    dedupeKey: `wh:${payload.webhookId}`,
    webhookId: payload.webhookId ?? null,
    locationId: "pj-loc",
    subjectId: id,
    associationId: id,
    eventTimestamp: null,
    receivedAt: new Date(),
    verification: "unverified",
    signedForm: null,
    route: "generic",
    headers: {},
    rawBody: new Uint8Array(Buffer.from(body)),
    received: null,
  };
}

const location = async () => (await db()).location.findUnique({ where: { locationId: "pj-loc" } });

describe("projector", () => {
  beforeEach(clearDatabase);
  afterEach(() => vi.mocked(eventDays.bumpEventDays).mockRestore?.());

  it("acks before projecting: the event is stored and the lag is visible until the projector runs", async () => {
    const res = await deliver(association("pj-lag", "Buyer"), { settle: false });
    expect(res.body.status).toBe("stored");
    const stored = await (await db()).event.findUnique({ where: { id: res.body.eventId } });
    expect(stored?.type).toBe("AssociationCreate");
    const status = await projectorStatus();
    expect(status.behind).toBe(1);
    expect(status.oldestUnprojectedAt).not.toBeNull();
    expect(await getAssociation("pj-lag")).toBeNull();
    await settleProjection();
    expect((await projectorStatus()).behind).toBe(0);
    expect(await getAssociation("pj-lag")).toMatchObject({ firstObjectLabel: "Buyer", eventCount: 1 });
  });

  it("a step that fails before its commit changes nothing; the retry applies each event exactly once", async () => {
    await deliver(association("pj-once-1", "Buyer"), { settle: false });
    await deliver(association("pj-once-2", "Agent"), { settle: false });
    const before = await projectorStatus();
    const owner = "test:once";
    expect(await acquireLease(owner, 5_000)).toBe(true);
    // Fail after the associations and relations were written, inside the transaction.
    vi.mocked(eventDays.bumpEventDays).mockImplementationOnce(async () => {
      throw new Error("simulated crash mid-projection");
    });
    await expect(projectNext(owner, 100, 5_000)).rejects.toThrow("simulated crash");
    expect((await projectorStatus()).position).toBe(before.position);
    expect(await getAssociation("pj-once-1")).toBeNull();
    expect(await location()).toBeNull();

    const step = await projectNext(owner, 100, 5_000);
    expect(step.applied).toBe(2);
    expect(await projectNext(owner, 100, 5_000)).toMatchObject({ applied: 0 });
    await releaseLease(owner);
    expect(await location()).toMatchObject({ events: 2, associations: 2 });
    expect((await getAssociation("pj-once-1"))?.eventCount).toBe(1);
  });

  it("one lease holder at a time; another takes over once the lease has expired", async () => {
    await deliver(association("pj-lease", "Buyer"), { settle: false });
    expect(await acquireLease("test:a", 60_000)).toBe(true);
    expect(await acquireLease("test:b", 60_000)).toBe(false);
    await expect(projectNext("test:b", 100, 60_000)).rejects.toBeInstanceOf(LeaseLost);
    expect(await getAssociation("pj-lease")).toBeNull();

    // A's lease runs out (as when its process died): B may take it, and A is locked out.
    const writer = await writeDb();
    await withWriteLock(() => writer.projectorState.update({ where: { name: PROJECTOR }, data: { leaseUntil: new Date(Date.now() - 1) } }));
    expect(await acquireLease("test:b", 60_000)).toBe(true);
    await expect(projectNext("test:a", 100, 60_000)).rejects.toBeInstanceOf(LeaseLost);
    expect((await projectNext("test:b", 100, 60_000)).applied).toBe(1);
    await releaseLease("test:b");
    expect(await getAssociation("pj-lease")).toMatchObject({ eventCount: 1 });
  });

  it("a read during an open write transaction never returns that transaction's rows", async () => {
    const writer = await writeDb();
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let inserted!: () => void;
    const insertedSignal = new Promise<void>((r) => (inserted = r));
    const transaction = withWriteLock(() =>
      writer.$transaction(async (tx) => {
        await tx.location.create({ data: { locationId: "pj-uncommitted", lastEventAt: new Date() } });
        inserted();
        await held;
        throw new Error("roll back");
      }),
    ).catch((e: Error) => e.message);
    await insertedSignal;
    // Reads issued while the transaction is open, through the app's read path.
    expect(await (await db()).location.findUnique({ where: { locationId: "pj-uncommitted" } })).toBeNull();
    expect(await (await db()).location.count()).toBe(0);
    release();
    expect(await transaction).toBe("roll back");
    expect(await (await db()).location.count()).toBe(0);
  });

  if (databaseKind() === "postgresql") {
    it("PostgreSQL: an append that draws a later id while an earlier one is uncommitted cannot be skipped", async () => {
      let commitA!: () => void;
      const aMayCommit = new Promise<void>((r) => (commitA = r));
      let aHasIds!: (ids: number[]) => void;
      const aIds = new Promise<number[]>((r) => (aHasIds = r));
      // A: drew its id, not committed yet.
      const a = appendBatch([incoming("pj-order-a", "First")], {
        beforeCommit: async (ids) => {
          aHasIds(ids);
          await aMayCommit;
        },
      });
      const [idA] = await aIds;
      // B: a delivery through the receiver while A is open.
      const b = deliver(association("pj-order-b", "Second"), { settle: false });
      // The projector runs meanwhile: it must not move past an id A could still commit.
      const owner = "test:order";
      expect(await acquireLease(owner, 60_000)).toBe(true);
      await projectNext(owner, 100, 60_000);
      expect((await projectorStatus()).position).toBeLessThan(idA as number);
      commitA();
      await a;
      const resB = await b;
      expect(resB.body.status).toBe("stored");
      expect(resB.body.eventId).toBeGreaterThan(idA as number); // drawn after A committed
      while ((await projectNext(owner, 100, 60_000)).applied > 0);
      await releaseLease(owner);
      expect(await getAssociation("pj-order-a")).toMatchObject({ firstObjectLabel: "First" });
      expect(await getAssociation("pj-order-b")).toMatchObject({ firstObjectLabel: "Second" });
    });
  } else {
    it("SQLite: concurrent deliveries with the projector running between them are all projected, in id order", async () => {
      const sends = Array.from({ length: 80 }, (_, i) => deliver(association(`pj-many-${i}`, "Buyer"), { settle: false }));
      const owner = "test:many";
      expect(await acquireLease(owner, 60_000)).toBe(true);
      const stepping = (async () => {
        for (let i = 0; i < 20; i++) await projectNext(owner, 7, 60_000);
      })();
      const answers = await Promise.all(sends);
      await stepping;
      while ((await projectNext(owner, 100, 60_000)).applied > 0);
      await releaseLease(owner);
      expect(answers.every((a) => a.body.status === "stored")).toBe(true);
      expect(await location()).toMatchObject({ events: 80, associations: 80 });
    });
  }
});
