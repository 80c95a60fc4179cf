// Reconciliation against a fake HighLevel API: each finding kind with its evidence,
// applying findings as synthetic "reconciled" events (once, however often asked),
// the location's name, a refused token, one run per location at a time, stale runs,
// the schedule, and tokens that never leave the Authorization header.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { GET as getAssociationRoute } from "@/app/api/associations/[id]/route";
import { GET as getEventsRoute } from "@/app/api/events/route";
import { getEvent } from "@/lib/queries/events";
import { db, withWriteLock, writeDb } from "@/lib/db";
import { getLocationProfile } from "@/lib/queries/location-profiles";
import { acquireReconcileLock, releaseReconcileLock } from "@/lib/queries/reconcile-lock";
import { runJsonSchema } from "@/lib/domain/reconcile-run";
import { createRun } from "@/lib/queries/reconcile-runs";
import { resetSessionSecret } from "@/lib/auth/secret";
import { resetEnv } from "@/lib/env";
import { servedMark } from "@/lib/http/client-address";
import { logger } from "@/lib/logger";
import { reconcileTiming, startReconcile } from "@/lib/reconcile/run";
import { runDueReconciles, stopReconcileSchedule } from "@/lib/reconcile/scheduler";
import { clearDatabase } from "./helpers/db";
import type { FakeHighLevel } from "./helpers/fake-highlevel.mjs";
import { get, type Json } from "./helpers/http";
import { settleProjection } from "./helpers/projection";
import {
  LOC,
  OTHER,
  OTHER_TOKEN,
  TOKEN,
  deliverEvent,
  getReconcile,
  hlAssociation,
  hlRelation,
  postApplyFindings,
  postReconcile,
  restoreEnv,
  startFake,
  useFake,
} from "./helpers/reconcile";

let fake: FakeHighLevel;
const logged: string[] = [];

beforeAll(async () => {
  fake = await startFake();
  for (const level of ["info", "warn", "error", "debug"] as const) {
    vi.spyOn(logger, level).mockImplementation(((...args: unknown[]) => void logged.push(JSON.stringify(args))) as never);
  }
});
afterAll(async () => {
  vi.restoreAllMocks();
  restoreEnv("RECONCILE_EVERY_HOURS", "RECONCILE_RELATION_RECORDS");
  await fake.close();
});
beforeEach(async () => {
  await clearDatabase();
  fake.reset();
  useFake(fake, { [LOC]: TOKEN, [OTHER]: OTHER_TOKEN });
});
afterEach(() => {
  // No token in anything logged during the test.
  expect(logged.join("\n")).not.toContain(TOKEN);
  expect(logged.join("\n")).not.toContain(OTHER_TOKEN);
  logged.length = 0;
});

/** Every reconcile row, as stored, must be free of tokens. */
async function expectNoTokenStored(): Promise<void> {
  const prisma = await db();
  const text = JSON.stringify([await prisma.reconcileRun.findMany(), await prisma.reconcileFinding.findMany(), await prisma.locationProfile.findMany()]);
  expect(text).not.toContain(TOKEN);
  expect(text).not.toContain(OTHER_TOKEN);
}

const byKind = (run: Json, kind: string) => (run.findings as Json[]).filter((f) => f.kind === kind);

/** Ours: A same, B only here, C relabelled there, D deleted here but listed there; theirs adds E. */
async function seedAssociations(): Promise<void> {
  await deliverEvent("AssociationCreate", hlAssociation("as-A"), 120);
  await deliverEvent("AssociationCreate", hlAssociation("as-B"), 110);
  await deliverEvent("AssociationCreate", hlAssociation("as-C", { firstObjectLabel: "Agent" }), 100);
  await deliverEvent("AssociationCreate", hlAssociation("as-D"), 90);
  await deliverEvent(
    "AssociationDelete",
    { ...hlAssociation("as-D"), firstObjectToSecondObjectCardinality: "MANY_TO_MANY", secondObjectToFirstObjectCardinality: "MANY_TO_MANY" },
    80,
  );
  await settleProjection();
  fake.locations.set(LOC, {
    token: TOKEN,
    name: "Acme Realty",
    associations: [
      // Carries cardinalities our Create-only row lacks: not a difference.
      hlAssociation("as-A", { firstObjectToSecondObjectCardinality: "MANY_TO_MANY", secondObjectToFirstObjectCardinality: "MANY_TO_MANY" }),
      hlAssociation("as-C", { firstObjectLabel: "Seller" }),
      hlAssociation("as-D"),
      { ...hlAssociation("as-E", { firstObjectLabel: "Tenant" }), id: undefined, _id: "as-E" },
    ],
  });
}

describe("reconciliation", () => {
  it("reports missed creates, missed deletes, changes and present-after-delete with their evidence, and saves the name", async () => {
    await seedAssociations();
    const res = await postReconcile();
    expect(res.status).toBe(200);
    const run = res.body.data;
    expect(run).toMatchObject({ status: "done", locationId: LOC, trigger: "manual" });
    expect(run.finishedAt).not.toBeNull();
    expect(run.progress).toMatchObject({ phase: "done", pages: 1, associationsFetched: 4 });
    expect(run.progress.calls).toBe(2); // name + one page (no relations)
    expect(run.findings.map((f: Json) => `${f.kind}:${f.associationId}`).sort()).toEqual([
      "changed:as-C",
      "missed_create:as-E",
      "missed_delete:as-B",
      "present_after_delete:as-D",
    ]);
    const [changed] = byKind(run, "changed");
    expect(changed.fields).toEqual(["firstObjectLabel"]);
    expect(changed.ours).toMatchObject({ id: "as-C", firstObjectLabel: "Agent", status: "active" });
    expect(changed.theirs).toMatchObject({ id: "as-C", firstObjectLabel: "Seller" });
    expect(changed.lastHeardAt).toBe(changed.ours.lastEventAt);
    const [created] = byKind(run, "missed_create");
    expect(created.ours).toBeNull();
    expect(created.theirs).toMatchObject({ _id: "as-E", firstObjectLabel: "Tenant" });
    expect(created.lastHeardAt).not.toBeNull(); // the location's last delivery
    const [deleted] = byKind(run, "missed_delete");
    expect(deleted).toMatchObject({ theirs: null, appliedAt: null, appliedEventId: null });
    expect(deleted.ours).toMatchObject({ id: "as-B", status: "active" });
    expect(deleted).not.toHaveProperty("relationId");
    expect((await getLocationProfile(LOC))?.apiName).toBe("Acme Realty");
    expect(fake.requests.every((r) => r.authorized && r.version === "2021-07-28")).toBe(true);
    expect(fake.requests.map((r) => r.path)).toContain(`/associations/?locationId=${LOC}&skip=0&limit=100`);

    const latest = await getReconcile();
    expect(latest.status).toBe(200);
    expect(latest.body.data.id).toBe(run.id);
    expect(latest.text).not.toContain(TOKEN);
    await expectNoTokenStored();
  });

  it("answers data null for a location never reconciled, and 409 no_api_token without a token", async () => {
    expect((await getReconcile("never-seen")).body).toEqual({ data: null });
    const res = await postReconcile("no-token-loc");
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("no_api_token");
  });

  it("answers 401 without a session when a dashboard password is set", async () => {
    const mark = globalThis as { [servedMark]?: unknown };
    process.env.DASHBOARD_PASSWORD = "reconcile test password";
    process.env.SESSION_SECRET = "reconcile test secret, long enough to use";
    mark[servedMark] = true;
    resetEnv();
    resetSessionSecret();
    try {
      expect((await postReconcile()).status).toBe(401);
      expect((await getReconcile()).status).toBe(401);
      expect((await postApplyFindings(LOC, {})).status).toBe(401);
    } finally {
      delete process.env.DASHBOARD_PASSWORD;
      delete process.env.SESSION_SECRET;
      delete mark[servedMark];
      resetEnv();
      resetSessionSecret();
    }
    expect(await (await db()).reconcileRun.count()).toBe(0);
  });

  it("refuses a cross-site start", async () => {
    const res = await postReconcile(LOC, { "sec-fetch-site": "cross-site" });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("cross_site_request");
  });

  it("answers runs in the shape the location page reads them (runJsonSchema), before and after applying", async () => {
    await seedAssociations();
    const started = (await postReconcile()).body.data;
    expect(runJsonSchema.parse(started).findings.length).toBeGreaterThan(0);
    const applied = await postApplyFindings(LOC, {});
    expect(runJsonSchema.parse(applied.body.data.run).findings.some((f) => f.appliedEventId !== null)).toBe(true);
    expect(runJsonSchema.parse((await getReconcile()).body.data).id).toBe(started.id);
  });

  it("applies findings as reconciled events the projector applies; applying twice changes nothing", async () => {
    await seedAssociations();
    const run = (await postReconcile()).body.data;
    const res = await postApplyFindings(LOC, {});
    expect(res.status).toBe(200);
    const applied = res.body.data.applied as Json[];
    expect(applied).toHaveLength(3);
    expect(res.body.data.skipped).toEqual([expect.objectContaining({ reason: expect.stringContaining("not applicable") })]);
    const prisma = await db();
    const events = await prisma.event.findMany({ where: { verification: "reconciled" }, orderBy: { id: "asc" } });
    expect(events.map((e) => e.type).sort()).toEqual(["AssociationCreate", "AssociationDelete", "AssociationUpdate"]);
    for (const e of events) {
      expect(e).toMatchObject({ route: "reconcile", webhookId: null, duplicateCount: 0, locationId: LOC });
      expect(e.dedupeKey).toMatch(/^reconcile:\d+$/);
      const body = JSON.parse(Buffer.from(e.rawBody).toString("utf8"));
      expect(body.reconciliation).toMatchObject({ runId: run.id, kind: expect.any(String), findingId: Number(e.dedupeKey.slice(10)) });
      expect(body).not.toHaveProperty("webhookId");
    }
    const assoc = async (id: string) => prisma.association.findUnique({ where: { id } });
    expect(await assoc("as-E")).toMatchObject({ status: "active", firstObjectLabel: "Tenant", key: "as-E_key" });
    expect(await assoc("as-B")).toMatchObject({ status: "deleted" });
    expect(await assoc("as-C")).toMatchObject({ status: "active", firstObjectLabel: "Seller" });
    expect(await assoc("as-D")).toMatchObject({ status: "deleted" });

    const after = (await getReconcile()).body.data;
    for (const f of after.findings as Json[]) {
      if (f.kind === "present_after_delete") expect(f.appliedAt).toBeNull();
      else expect(f.appliedEventId).toBe(applied.find((a) => a.findingId === f.id)?.eventId);
    }

    // Twice: the same events, nothing new, nothing counted as a re-delivery.
    const again = await postApplyFindings(LOC, { findingIds: applied.map((a) => a.findingId) });
    expect(again.body.data.applied.every((a: Json) => a.alreadyApplied)).toBe(true);
    expect(await prisma.event.count({ where: { verification: "reconciled" } })).toBe(3);
    expect((await prisma.event.findMany({ where: { verification: "reconciled" } })).every((e) => e.duplicateCount === 0)).toBe(true);

    // The association's history says where the event came from.
    const history = await get(getAssociationRoute, "/api/associations/as-C", { params: Promise.resolve({ id: "as-C" }) });
    expect(history.body.data.history[0]).toMatchObject({ type: "AssociationUpdate", verification: "reconciled", reconcileRunId: run.id });
    expect(history.body.data.history[1]).not.toHaveProperty("reconcileRunId");
    const listed = await get(getEventsRoute, "/api/events?verification=reconciled");
    expect(listed.body.data).toHaveLength(3);
    expect(listed.body.data.every((e: Json) => e.reconcileRunId === run.id)).toBe(true);
    expect((await getEvent(events[0]?.id ?? 0))?.reconcileRunId).toBe(run.id);
  });

  it("applies one finding by id and reports ids that are not the latest run's", async () => {
    await seedAssociations();
    const run = (await postReconcile()).body.data;
    const [created] = byKind(run, "missed_create");
    const res = await postApplyFindings(LOC, { findingIds: [created.id, 999_999] });
    expect(res.body.data.applied).toEqual([{ findingId: created.id, eventId: expect.any(Number), alreadyApplied: false }]);
    expect(res.body.data.skipped).toEqual([{ findingId: 999_999, reason: expect.stringContaining("latest run") }]);
    expect((await postApplyFindings(LOC, { findingIds: "all" })).body.error.code).toBe("invalid_payload");
    expect((await postApplyFindings("rec-nothing", {})).body.error.code).toBe("no_reconcile_run");
  });

  it("checks the relations of recent records: missed relation creates and deletes, applied as Relation events", async () => {
    await deliverEvent("AssociationCreate", hlAssociation("as-R"), 100);
    await deliverEvent("RelationCreate", hlRelation("rel-1", "as-R", "contact-1", "prop-1"), 90);
    await deliverEvent("RelationCreate", hlRelation("rel-2", "as-R", "contact-1", "prop-2"), 80);
    await settleProjection();
    fake.locations.set(LOC, {
      token: TOKEN,
      name: "Acme",
      associations: [hlAssociation("as-R")],
      relations: {
        "contact-1": [hlRelation("rel-2", "as-R", "contact-1", "prop-2"), hlRelation("rel-3", "as-R", "contact-1", "prop-3")],
        "prop-1": [],
        "prop-2": [hlRelation("rel-2", "as-R", "contact-1", "prop-2")],
      },
    });
    const run = (await postReconcile()).body.data;
    expect(run.status).toBe("done");
    expect(run.progress.relationRecords).toEqual({ checked: 3, total: 3 });
    expect(run.findings.map((f: Json) => `${f.kind}:${f.relationId}`).sort()).toEqual(["missed_relation_create:rel-3", "missed_relation_delete:rel-1"]);
    await postApplyFindings(LOC);
    const prisma = await db();
    expect(await prisma.relation.findUnique({ where: { id: "rel-3" } })).toMatchObject({ status: "active", associationId: "as-R", secondRecordId: "prop-3" });
    expect(await prisma.relation.findUnique({ where: { id: "rel-1" } })).toMatchObject({ status: "deleted" });
    expect(await prisma.event.count({ where: { verification: "reconciled", type: { in: ["RelationCreate", "RelationDelete"] } } })).toBe(2);
  });

  it("limits the records checked to RECONCILE_RELATION_RECORDS, most recently active first", async () => {
    useFake(fake, { [LOC]: TOKEN }, { RECONCILE_RELATION_RECORDS: "1" });
    await deliverEvent("AssociationCreate", hlAssociation("as-R"), 100);
    await deliverEvent("RelationCreate", hlRelation("rel-old", "as-R", "c-old", "p-old"), 90);
    await deliverEvent("RelationCreate", hlRelation("rel-new", "as-R", "c-new", "p-new"), 10);
    fake.locations.set(LOC, { token: TOKEN, associations: [hlAssociation("as-R")], relations: { "c-new": [hlRelation("rel-new", "as-R", "c-new", "p-new")] } });
    const run = (await postReconcile()).body.data;
    expect(run.progress.relationRecords).toEqual({ checked: 1, total: 1 });
    expect(fake.requests.filter((r) => r.path.startsWith("/associations/relations/")).map((r) => r.path.split("?")[0])).toEqual([
      "/associations/relations/c-new",
    ]);
    expect(run.findings).toEqual([]);
    delete process.env.RECONCILE_RELATION_RECORDS;
  });

  it("stops on a refused token with a token_rejected finding and no token anywhere", async () => {
    useFake(fake, { [LOC]: "wrong-token-value" });
    fake.locations.set(LOC, { token: TOKEN, associations: [] });
    const res = await postReconcile();
    expect(res.status).toBe(200);
    const run = res.body.data;
    expect(run.status).toBe("failed");
    expect(run.error).toContain("HTTP 401");
    expect(run.findings).toEqual([expect.objectContaining({ kind: "token_rejected", theirs: { status: 401, path: `/locations/${LOC}` } })]);
    expect(res.text).not.toContain("wrong-token-value");
    const prisma = await db();
    expect(JSON.stringify(await prisma.reconcileRun.findMany())).not.toContain("wrong-token-value");
    expect(logged.join("\n")).not.toContain("wrong-token-value");
    // The lock was freed: the next run starts.
    useFake(fake, { [LOC]: TOKEN });
    expect((await postReconcile()).body.data.status).toBe("done");
  });

  it("keeps an answer it cannot understand (redacted, truncated) and fails instead of guessing", async () => {
    fake.locations.set(LOC, { token: TOKEN, name: "Acme", associations: [hlAssociation("as-1")] });
    fake.once.push({ match: "/associations/", status: 200, body: (token) => JSON.stringify({ results: { rows: [] }, echo: token, pad: "x".repeat(10_000) }) });
    const run = (await postReconcile()).body.data;
    expect(run.status).toBe("failed");
    expect(run.error).toContain("not understood");
    expect(run.unparsed).toHaveLength(1);
    expect(run.unparsed[0]).toMatchObject({ status: 200, note: expect.stringContaining("no list of associations") });
    expect(run.unparsed[0].path).toContain("/associations/?locationId=");
    expect(run.unparsed[0].body).toContain("[token]");
    expect(run.unparsed[0].body).toContain("truncated");
    expect(run.unparsed[0].body.length).toBeLessThan(4_200);
    await expectNoTokenStored();
  });

  it("keeps an unreadable location answer but still compares", async () => {
    fake.locations.set(LOC, { token: TOKEN, associations: [hlAssociation("as-1")] });
    fake.once.push({ match: `/locations/${LOC}`, status: 200, body: JSON.stringify({ company: { title: "?" } }) });
    const run = (await postReconcile()).body.data;
    expect(run.status).toBe("done");
    expect(run.unparsed).toEqual([expect.objectContaining({ path: `/locations/${LOC}`, note: expect.stringContaining("location name") })]);
    expect(byKind(run, "missed_create")).toHaveLength(1);
  });

  it.each(["data", "array", "nested"] as const)("reads the %s variant of the list answer, over several pages", async (shape) => {
    const rows = Array.from({ length: 130 }, (_, i) => hlAssociation(`as-${String(i).padStart(3, "0")}`));
    fake.locations.set(LOC, { token: TOKEN, name: "Acme", associations: rows });
    fake.shape.list = shape;
    const run = (await postReconcile()).body.data;
    expect(run.status).toBe("done");
    expect(run.progress).toMatchObject({ pages: 2, associationsFetched: 130 });
    expect(byKind(run, "missed_create")).toHaveLength(130);
  });

  it("reports no missed delete when a row could not be read (absence proves nothing then)", async () => {
    await deliverEvent("AssociationCreate", hlAssociation("as-here"), 60);
    fake.locations.set(LOC, { token: TOKEN, name: "Acme", associations: [{ key: "no-id" }, hlAssociation("as-new")] });
    const run = (await postReconcile()).body.data;
    expect(run.status).toBe("done");
    expect(run.findings.map((f: Json) => f.kind)).toEqual(["missed_create"]);
    expect(run.unparsed[0].note).toContain("had no id");
  });

  it("runs once per location at a time, here and across instances (the lock row)", async () => {
    fake.locations.set(LOC, { token: TOKEN, associations: [] });
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    fake.rateLimit = { remaining: 0, max: 100, intervalMs: 10_000 }; // the run will wait: hold it there
    const [a, b] = await Promise.all([startReconcile(LOC, { sleep: () => gate }), startReconcile(LOC, { sleep: () => gate })]);
    const started = [a, b].filter((r) => r.started);
    expect(started).toHaveLength(1);
    const loser = [a, b].find((r) => !r.started);
    expect(loser?.runId).toBe(started[0]?.runId);
    // Another instance: the lock is held.
    expect(await acquireReconcileLock(LOC, "other-host:1:x", 30_000)).toBe(false);
    const viaApi = await postReconcile();
    expect(viaApi.status).toBe(202);
    expect(viaApi.body.data).toMatchObject({ id: started[0]?.runId, status: "running" });
    release();
    if (started[0]?.started) await started[0].done;
    expect(await (await db()).reconcileRun.count()).toBe(1);
    expect(await (await db()).reconcileLock.count()).toBe(0);
  });

  it("on shutdown, stops a run that is waiting: failed, lock released", async () => {
    fake.locations.set(LOC, { token: TOKEN, associations: [] });
    fake.rateLimit = { remaining: 0, max: 100, intervalMs: 10_000 };
    const started = await startReconcile(LOC, { sleep: () => new Promise<void>(() => {}) }); // never wakes by itself
    if (!started.started) throw new Error("not started");
    await expect.poll(async () => (await getReconcile()).body.data.progress.waitedMs).toBe(10_000);
    await stopReconcileSchedule();
    const run = (await getReconcile()).body.data;
    expect(run).toMatchObject({ status: "failed", error: "Stopped: the server shut down" });
    expect(await (await db()).reconcileLock.count()).toBe(0);
  });

  it("takes over an expired lock, and turns a run whose process died into failed", async () => {
    expect(await acquireReconcileLock(LOC, "dead:1:a", 1)).toBe(true);
    await new Promise((r) => setTimeout(r, 5));
    expect(await acquireReconcileLock(LOC, "alive:2:b", 30_000)).toBe(true);
    expect(await acquireReconcileLock(LOC, "third:3:c", 30_000)).toBe(false);
    await releaseReconcileLock(LOC, "alive:2:b");

    const runId = await createRun(LOC, "manual", "dead:1:a");
    const prisma = await writeDb();
    await withWriteLock(() =>
      prisma.reconcileRun.update({ where: { id: runId }, data: { heartbeatAt: new Date(Date.now() - reconcileTiming.staleMs - 1_000) } }),
    );
    const run = (await getReconcile()).body.data;
    expect(run).toMatchObject({ id: runId, status: "failed", error: expect.stringContaining("Interrupted") });
  });

  it("schedules every location with a token that is due, and respects the interval", async () => {
    useFake(fake, { [LOC]: TOKEN, [OTHER]: OTHER_TOKEN }, { RECONCILE_EVERY_HOURS: "6" });
    fake.locations.set(LOC, { token: TOKEN, associations: [] });
    fake.locations.set(OTHER, { token: OTHER_TOKEN, associations: [] });
    await createRun(LOC, "manual", "x").then(async (id) => {
      const prisma = await writeDb();
      await withWriteLock(() => prisma.reconcileRun.update({ where: { id }, data: { status: "done", finishedAt: new Date() } }));
    });
    expect(await runDueReconciles()).toEqual([OTHER]);
    expect(await runDueReconciles()).toEqual([]);
    expect(await runDueReconciles(new Date(Date.now() + 6 * 3_600_000 + 1_000))).toEqual([LOC, OTHER]);
    const runs = await (await db()).reconcileRun.findMany({ where: { trigger: "schedule" } });
    expect(runs).toHaveLength(3);
    expect(runs.every((r) => r.status === "done")).toBe(true);
    useFake(fake, { [LOC]: TOKEN }, { RECONCILE_EVERY_HOURS: "" });
    expect(await runDueReconciles(new Date(Date.now() + 100 * 3_600_000))).toEqual([]);
  });
});
