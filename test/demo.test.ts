// npm run demo's loader (lib/demo/load.ts) against the test database: the data a
// newcomer's dashboard shows, sent through the real receiver, and that loading
// it again adds nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { resetEnv } from "@/lib/env";
import { loadDemo, type DemoSummary } from "@/lib/demo/load";
import { buildDemoDataset } from "@/lib/demo/dataset";
import { getLocationActivity } from "@/lib/queries/location-activity";
import { getLocationNames } from "@/lib/queries/location-profiles";
import { clearDatabase } from "./helpers/db";

// The loader swaps these for its throwaway keys; the test setup's own must come back.
const keySettings = ["HIGHLEVEL_ED25519_PUBLIC_KEY", "HIGHLEVEL_RSA_PUBLIC_KEY", "HIGHLEVEL_WEBHOOK_VERIFY"] as const;
const saved = keySettings.map((name) => [name, process.env[name]] as const);
const day = 86_400_000;

let first: DemoSummary;
let loadedAt: number;

beforeAll(async () => {
  await clearDatabase();
  loadedAt = Date.now();
  first = await loadDemo();
}, 120_000);

afterAll(() => {
  for (const [name, value] of saved) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  resetEnv();
});

/** Runs one read against the test database. */
const read = async <T>(query: (prisma: Awaited<ReturnType<typeof db>>) => Promise<T>) => query(await db());

describe("npm run demo", () => {
  it("stores each planned delivery once and answers the re-sent ones as duplicates", async () => {
    const e = first.expected;
    expect(first.stored).toBe(e.events);
    expect(first.duplicates).toBe(e.duplicates);
    expect(e.duplicates).toBeGreaterThan(0);
    expect(await read((p) => p.event.count())).toBe(e.events);
    expect(await read((p) => p.event.count({ where: { duplicateCount: { gt: 0 } } }))).toBe(e.duplicates);
  });

  it("projects six locations, active and deleted associations of both types, and relations some of them deleted", async () => {
    const e = first.expected;
    const locations = await read((p) => p.location.findMany({ select: { locationId: true } }));
    expect(locations).toHaveLength(6);
    expect(first.locations).toBe(6);
    for (const { locationId } of locations) expect(locationId).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(locations.map((l) => l.locationId)).toContain("eHy2cOSZxMQzQ6Yyvl8P");

    expect(e.associations).toBeGreaterThanOrEqual(60);
    expect(e.associations).toBeLessThanOrEqual(120);
    expect(await read((p) => p.association.count())).toBe(e.associations);
    expect(e.deletedAssociations).toBeGreaterThan(0);
    expect(await read((p) => p.association.count({ where: { status: "deleted" } }))).toBe(e.deletedAssociations);
    expect(await read((p) => p.association.count({ where: { associationType: "SYSTEM_DEFINED" } }))).toBeGreaterThan(0);
    expect(await read((p) => p.association.count({ where: { firstObjectKey: { startsWith: "custom_objects." } } }))).toBeGreaterThan(0);

    expect(e.relations).toBeGreaterThanOrEqual(200);
    expect(await read((p) => p.relation.count())).toBe(e.relations);
    expect(e.deletedRelations).toBeGreaterThan(0);
    expect(await read((p) => p.relation.count({ where: { status: "deleted" } }))).toBe(e.deletedRelations);
  });

  it("leaves no relation active under a deleted association, even one delivered after the delete", async () => {
    const deleted = await read((p) => p.association.findMany({ where: { status: "deleted" }, select: { id: true } }));
    const ids = deleted.map((a) => a.id);
    expect(await read((p) => p.relation.count({ where: { associationId: { in: ids } } }))).toBeGreaterThan(0);
    expect(await read((p) => p.relation.count({ where: { associationId: { in: ids }, status: "active" } }))).toBe(0);
  });

  it("includes associations whose Update arrived before their Create", async () => {
    const events = await read((p) => p.event.findMany({ where: { kind: "association" }, orderBy: { id: "asc" }, select: { subjectId: true, type: true } }));
    const firstTypeOf = new Map<string, string | null>();
    for (const ev of events) if (ev.subjectId && !firstTypeOf.has(ev.subjectId)) firstTypeOf.set(ev.subjectId, ev.type);
    expect([...firstTypeOf.values()]).toContain("AssociationUpdate");
  });

  it("stores other and unclassified events, Ed25519 and RSA signatures, and per-event URLs", async () => {
    const kinds = await read((p) => p.event.groupBy({ by: ["kind"], _count: { _all: true } }));
    const byKind = Object.fromEntries(kinds.map((k) => [k.kind, k._count._all]));
    expect(byKind).toMatchObject({ other: first.expected.otherEvents, unclassified: first.expected.unclassifiedEvents });
    expect(byKind.association).toBeGreaterThan(0);
    expect(byKind.relation).toBeGreaterThan(0);
    const verified = await read((p) => p.event.groupBy({ by: ["verification", "signedForm"], _count: { _all: true } }));
    expect(verified.map((v) => `${v.verification}/${v.signedForm}`).sort()).toEqual(["ed25519/json", "ed25519/raw", "rsa/raw"]);
    expect(await read((p) => p.event.count({ where: { route: "path" } }))).toBeGreaterThan(0);
  });

  it.each(["occurredAt", "receivedAt"] as const)("spreads %s over the last two weeks, busiest in the last day, none in the future", async (field) => {
    const rows = await read((p) => p.event.findMany({ select: { occurredAt: true, receivedAt: true } }));
    const times = rows.map((e) => e[field].getTime());
    const lastDay = times.filter((t) => t > loadedAt - day).length;
    expect(times.filter((t) => t < loadedAt - 7 * day).length).toBeGreaterThan(0);
    expect(Math.min(...times)).toBeGreaterThan(loadedAt - 15 * day);
    expect(Math.max(...times)).toBeLessThanOrEqual(Date.now());
    expect(lastDay).toBeGreaterThan(times.length / 14);
    expect(lastDay).toBeLessThan(times.length);
  });

  it("fills the rejected log with several causes", async () => {
    const causes = await read((p) => p.rejectedRequest.groupBy({ by: ["cause"], _count: { _all: true } }));
    expect(first.rejected).toBeGreaterThanOrEqual(10);
    const received = await read((p) => p.rejectedRequest.findMany({ select: { receivedAt: true } }));
    expect(received.some((r) => r.receivedAt.getTime() < loadedAt - day)).toBe(true);
    expect(await read((p) => p.rejectedRequest.count())).toBe(first.rejected);
    expect(causes.map((c) => c.cause).sort()).toEqual(
      ["bad_signature", "body_too_large", "invalid_json", "invalid_payload", "missing_signature", "not_object", "type_mismatch", "unknown_event_path"].sort(),
    );
  });

  it("installs every location (four single INSTALLs, one bulk), uninstalls one, and leaves one silent", async () => {
    const data = buildDemoDataset({ now: loadedAt, maxBodyBytes: 1 });
    const rows = await read((p) => p.location.findMany({ select: { locationId: true, installState: true, companyName: true } }));
    const state = new Map(rows.map((r) => [r.locationId, r.installState]));
    expect(state.get(data.uninstalledLocation)).toBe("uninstalled");
    expect(rows.filter((r) => r.installState === "installed")).toHaveLength(5);
    expect(new Set(rows.map((r) => r.companyName))).toEqual(new Set(["Northwind Dental Group", "Bluebird Realty Partners"]));
    expect(await read((p) => p.event.count({ where: { type: "INSTALL" } }))).toBe(5);

    const silent = await getLocationActivity(data.silentLocation);
    expect(silent).toMatchObject({ installState: "installed", silent: true });
    expect(silent?.silentForMs).toBeGreaterThanOrEqual(12 * 3_600_000 - 60_000);
    for (const locationId of data.locations.filter((id) => id !== data.silentLocation)) {
      expect((await getLocationActivity(locationId))?.silent, locationId).toBe(false);
    }
  });

  it("names five of the six locations, marked as demo names", async () => {
    const locations = await read((p) => p.location.findMany({ select: { locationId: true } }));
    const names = await getLocationNames(locations.map((l) => l.locationId));
    expect(names.size).toBe(5);
    for (const name of names.values()) expect(name).toMatch(/\(demo\)$/);
    expect(names.get("eHy2cOSZxMQzQ6Yyvl8P")).toBe("Docs example location (demo)");
  });

  it("adds one demo reconciliation run with a missed create, a missed delete and a changed label", async () => {
    const runs = await read((p) => p.reconcileRun.findMany());
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ locationId: "eHy2cOSZxMQzQ6Yyvl8P", trigger: "demo", status: "done" });
    const findings = await read((p) => p.reconcileFinding.findMany({ orderBy: { kind: "asc" } }));
    expect(findings.map((f) => f.kind)).toEqual(["changed", "missed_create", "missed_delete"]);
    expect(JSON.parse(findings[0]?.fields ?? "[]")).toEqual(["secondObjectLabel"]);
  });

  it("restores the receiver's key settings after loading", () => {
    for (const [name, value] of saved) expect(process.env[name]).toBe(value);
  });

  it("stores nothing new, and refuses nothing new, when run a second time", async () => {
    const before = await read((p) =>
      Promise.all([
        p.event.count(),
        p.association.count(),
        p.relation.count(),
        p.rejectedRequest.count(),
        p.location.count(),
        p.reconcileRun.count(),
        p.locationProfile.count(),
      ]),
    );
    const second = await loadDemo();
    expect(second.stored).toBe(0);
    expect(second.duplicates).toBe(first.stored + first.duplicates);
    expect(second.rejected).toBe(0);
    const after = await read((p) =>
      Promise.all([
        p.event.count(),
        p.association.count(),
        p.relation.count(),
        p.rejectedRequest.count(),
        p.location.count(),
        p.reconcileRun.count(),
        p.locationProfile.count(),
      ]),
    );
    expect(after).toEqual(before);
  }, 120_000);
});
