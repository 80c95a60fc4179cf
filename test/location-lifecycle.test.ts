// The projector's location lifecycle: INSTALL / UNINSTALL (single and bulk, in any
// arrival order and batch split), the last delivery time and the hourly counts.
import fc from "fast-check";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { hourOf } from "@/lib/queries/location-lifecycle";
import { contactEvent, deliverAt } from "./helpers/backdated";
import { clearDatabase } from "./helpers/db";
import { deliver, eventBody } from "./helpers/http";
import { settleProjection } from "./helpers/projection";

const location = async (locationId: string) => (await db()).location.findUnique({ where: { locationId } });
const hours = async (locationId: string) =>
  (await db()).locationHour.findMany({ where: { locationId }, orderBy: { hour: "asc" }, select: { hour: true, count: true } });

let webhook = 0;
function install(type: "INSTALL" | "UNINSTALL", fields: Record<string, unknown>): string {
  webhook += 1;
  return eventBody({ type, appId: "app-1", installType: "Location", webhookId: `lc-${Date.now()}-${webhook}`, ...fields });
}

describe("install lifecycle projection", () => {
  beforeEach(clearDatabase);

  it("a single INSTALL then UNINSTALL: uninstalled, with both times, the newest version and the company", async () => {
    await deliver(install("INSTALL", { locationId: "lc-1", companyId: "co-1", companyName: "Acme", versionId: "v1", timestamp: "2026-03-01T10:00:00.000Z" }));
    expect(await location("lc-1")).toMatchObject({
      installState: "installed",
      installedAt: new Date("2026-03-01T10:00:00.000Z"),
      uninstalledAt: null,
      companyId: "co-1",
      companyName: "Acme",
      appVersion: "v1",
      events: 1,
    });
    await deliver(install("UNINSTALL", { locationId: "lc-1", companyId: "co-1", versionId: "v2", timestamp: "2026-03-02T10:00:00.000Z" }));
    expect(await location("lc-1")).toMatchObject({
      installState: "uninstalled",
      installedAt: new Date("2026-03-01T10:00:00.000Z"),
      uninstalledAt: new Date("2026-03-02T10:00:00.000Z"),
      installAt: new Date("2026-03-02T10:00:00.000Z"),
      companyName: "Acme",
      appVersion: "v2",
      events: 2,
      lastEventAt: new Date("2026-03-02T10:00:00.000Z"),
    });
  });

  it("an older INSTALL arriving after the UNINSTALL changes the install time only", async () => {
    await deliver(install("UNINSTALL", { locationId: "lc-2", companyId: "co-1", timestamp: "2026-03-02T10:00:00.000Z" }));
    await deliver(install("INSTALL", { locationId: "lc-2", companyId: "co-1", companyName: "Acme", versionId: "v1", timestamp: "2026-03-01T10:00:00.000Z" }));
    expect(await location("lc-2")).toMatchObject({
      installState: "uninstalled",
      installedAt: new Date("2026-03-01T10:00:00.000Z"),
      uninstalledAt: new Date("2026-03-02T10:00:00.000Z"),
      companyName: "Acme",
      appVersion: "v1",
    });
  });

  it("a bulk INSTALL names each location: rows appear with no events counted, the delivery in their activity", async () => {
    await deliver(eventBody({ ...contactEvent("lc-b1"), timestamp: "2026-03-01T09:00:00.000Z" }));
    const before = await location("lc-b1");
    const res = await deliver(
      install("INSTALL", { locationIds: ["lc-b1", "lc-b2", "lc-b3", "lc-b2", 42], companyId: "co-9", versionId: "v7", timestamp: "2026-03-01T10:00:00.000Z" }),
    );
    expect(res.status).toBe(200);
    for (const id of ["lc-b1", "lc-b2", "lc-b3"]) {
      const row = await location(id);
      expect(row).toMatchObject({
        installState: "installed",
        installedAt: new Date("2026-03-01T10:00:00.000Z"),
        companyId: "co-9",
        appVersion: "v7",
        lastEventAt: new Date("2026-03-01T10:00:00.000Z"),
      });
      expect(row?.events).toBe(id === "lc-b1" ? 1 : 0);
      expect(row?.lastReceivedAt?.getTime()).toBeGreaterThan(before?.lastReceivedAt?.getTime() ?? Infinity - 1);
      expect((await hours(id)).reduce((n, h) => n + h.count, 0)).toBe(id === "lc-b1" ? 2 : 1);
    }
    expect(await location("42")).toBeNull();
  });

  it("a bulk install that also has a locationId counts its event once, there", async () => {
    await deliver(install("INSTALL", { locationId: "lc-c1", locationIds: ["lc-c1", "lc-c2"], companyId: "co-1" }));
    expect(await location("lc-c1")).toMatchObject({ events: 1, installState: "installed" });
    expect(await location("lc-c2")).toMatchObject({ events: 0, installState: "installed" });
    expect(await hours("lc-c1")).toEqual([{ hour: expect.any(Number), count: 1 }]);
  });

  it("an UNINSTALL naming one location in locationId and another in locationIds counts for both: its company and version stay the newest after a later batch names the other", async () => {
    await deliver(install("INSTALL", { locationIds: ["lc-m1", "lc-m2"], companyId: "co-1", timestamp: "2026-03-01T10:00:00.000Z" }));
    await deliver(
      install("UNINSTALL", {
        locationId: "lc-m1",
        locationIds: ["lc-m2"],
        companyId: "co-1",
        companyName: "Acme Two",
        versionId: "v5",
        timestamp: "2026-03-02T10:00:00.000Z",
      }),
    );
    // A later batch that names lc-m2 re-reads its install events: the mixed one must be among them.
    await deliver(install("INSTALL", { locationIds: ["lc-m2", "lc-m3"], companyId: "co-1", versionId: "v9", timestamp: "2026-03-01T12:00:00.000Z" }));
    expect(await location("lc-m1")).toMatchObject({ installState: "uninstalled" });
    expect(await location("lc-m2")).toMatchObject({
      installState: "uninstalled",
      uninstalledAt: new Date("2026-03-02T10:00:00.000Z"),
      appVersion: "v5",
      companyName: "Acme Two",
    });
    expect(await location("lc-m3")).toMatchObject({ installState: "installed" });
  });

  it("a malformed install body is skipped and the projector goes on", async () => {
    await deliver(eventBody({ type: "INSTALL", webhookId: "lc-bad-1", locationIds: "not-a-list", companyId: 5 }));
    await deliver(eventBody({ type: "UNINSTALL", webhookId: "lc-bad-2", locationId: ["x"] }));
    await deliver(install("INSTALL", { locationId: "lc-after", companyId: "co-1" }));
    expect(await location("lc-after")).toMatchObject({ installState: "installed" });
    expect(await (await db()).location.count()).toBe(1);
  });

  it("ends in the same state whatever the arrival order and batch boundaries", async () => {
    const events = [
      { type: "INSTALL" as const, minute: 1, fields: { locationId: "lc-p1", companyName: "Old", versionId: "v1" } },
      { type: "INSTALL" as const, minute: 2, fields: { locationIds: ["lc-p1", "lc-p2"], companyName: "New", companyId: "co-2" } },
      { type: "UNINSTALL" as const, minute: 3, fields: { locationId: "lc-p1" } },
      { type: "INSTALL" as const, minute: 4, fields: { locationId: "lc-p2", versionId: "v3" } },
    ];
    const state = async () =>
      (await db()).location.findMany({
        where: { locationId: { in: ["lc-p1", "lc-p2"] } },
        orderBy: { locationId: "asc" },
        select: {
          locationId: true,
          installState: true,
          installedAt: true,
          uninstalledAt: true,
          companyId: true,
          companyName: true,
          appVersion: true,
          installAt: true,
          lastEventAt: true,
          events: true,
        },
      });
    const at = (minute: number) => new Date(`2026-03-01T10:0${minute}:00.000Z`);
    const expected = [
      {
        locationId: "lc-p1",
        installState: "uninstalled",
        installedAt: at(2),
        uninstalledAt: at(3),
        companyId: "co-2",
        companyName: "New",
        appVersion: "v1",
        installAt: at(3),
        lastEventAt: at(3),
        events: 2,
      },
      {
        locationId: "lc-p2",
        installState: "installed",
        installedAt: at(4),
        uninstalledAt: null,
        companyId: "co-2",
        companyName: "New",
        appVersion: "v3",
        installAt: at(4),
        lastEventAt: at(4),
        events: 1,
      },
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.shuffledSubarray([0, 1, 2, 3], { minLength: 4, maxLength: 4 }),
        fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
        async (order, cuts) => {
          await clearDatabase();
          for (const [i, k] of order.entries()) {
            const e = events[k];
            if (!e) throw new Error("no event");
            await deliver(install(e.type, { ...e.fields, timestamp: at(e.minute).toISOString() }), { settle: false });
            if (cuts[i]) await settleProjection();
          }
          await settleProjection();
          expect(await state()).toEqual(expected);
        },
      ),
      { numRuns: 12 },
    );
  });
});

describe("last delivery and hourly counts", () => {
  beforeEach(clearDatabase);

  it("keeps the newest receive time and counts deliveries per location and hour of receipt", async () => {
    const now = Date.now();
    const h = (ago: number) => new Date(now - ago * 3_600_000);
    await deliverAt(contactEvent("lh-1"), h(30));
    await deliverAt(contactEvent("lh-1"), h(2));
    await deliverAt(contactEvent("lh-1"), h(2));
    await deliverAt(contactEvent("lh-1"), h(5)); // older than the newest: lastReceivedAt stays
    await deliverAt(contactEvent("lh-2"), h(1));
    expect((await location("lh-1"))?.lastReceivedAt).toEqual(h(2));
    expect(await hours("lh-1")).toEqual([
      { hour: hourOf(h(30)), count: 1 },
      { hour: hourOf(h(5)), count: 1 },
      { hour: hourOf(h(2)), count: 2 },
    ]);
    expect(await hours("lh-2")).toEqual([{ hour: hourOf(h(1)), count: 1 }]);
  });

  it("does not count hours older than the 15 days kept", async () => {
    const old = new Date(Date.now() - 16 * 86_400_000);
    await deliverAt(contactEvent("lh-old"), old);
    expect((await location("lh-old"))?.lastReceivedAt).toEqual(old);
    expect(await hours("lh-old")).toEqual([]);
  });

  it("an event without a location counts nowhere", async () => {
    await deliver(eventBody({ type: "ContactCreate", webhookId: "lh-none", id: "c" }));
    expect(await (await db()).locationHour.count()).toBe(0);
  });
});
