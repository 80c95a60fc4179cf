// Activity and silence with a controlled clock: hourly counts seeded directly (the
// projector's side is tested in location-lifecycle.test.ts), and once end to end
// through backdated deliveries.
import { beforeEach, describe, expect, it } from "vitest";
import { withWriteLock, writeDb } from "@/lib/db";
import { HOUR_MS, isSilent, longestGapMs, median14d } from "@/lib/location-silence";
import { getLocationActivity, listLocationActivity } from "@/lib/queries/location-activity";
import { contactEvent, deliverAt } from "./helpers/backdated";
import { clearDatabase } from "./helpers/db";

const now = new Date("2026-03-20T12:30:00.000Z");
const N = Math.floor(now.getTime() / HOUR_MS);
const hourStart = (h: number) => new Date(h * HOUR_MS);

/** Seeds a location row and its hourly counts (hour → count). */
async function seed(locationId: string, counts: Map<number, number>, extra: { installState?: string; lastReceivedAt?: Date | null } = {}) {
  const prisma = await writeDb();
  const hours = [...counts.keys()];
  const last = hours.length ? hourStart(Math.max(...hours)).getTime() + 10 * 60_000 : null;
  await withWriteLock(async () => {
    await prisma.location.create({
      data: {
        locationId,
        events: [...counts.values()].reduce((a, b) => a + b, 0),
        lastEventAt: new Date(last ?? 0),
        lastReceivedAt: extra.lastReceivedAt !== undefined ? extra.lastReceivedAt : last === null ? null : new Date(last),
        installState: extra.installState ?? null,
      },
    });
    if (counts.size) await prisma.locationHour.createMany({ data: [...counts].map(([hour, count]) => ({ locationId, hour, count })) });
  });
}

/** One delivery every `every` hours from 15 days back until `stopAgo` hours ago. */
function every(everyHours: number, stopAgo: number): Map<number, number> {
  const m = new Map<number, number>();
  for (let h = N - stopAgo; h > N - 360; h -= everyHours) m.set(h, 1);
  return m;
}

describe("silence rules (pure)", () => {
  it("median of the 14 days before the last 24 h, absent days counting 0", () => {
    expect(median14d(new Map())).toBe(0);
    expect(median14d(new Map([[0, 99], ...Array.from({ length: 14 }, (_, i) => [i + 1, i + 1] as [number, number])]))).toBe(7.5);
    expect(median14d(new Map(Array.from({ length: 7 }, (_, i) => [i + 1, 4] as [number, number])))).toBe(2); // 7 zeros, 7 fours
    expect(median14d(new Map(Array.from({ length: 6 }, (_, i) => [i + 1, 4] as [number, number])))).toBe(0);
  });

  it("longest gap between delivery hours", () => {
    expect(longestGapMs([])).toBe(0);
    expect(longestGapMs([5])).toBe(0);
    expect(longestGapMs([10, 3, 5, 4])).toBe(5 * HOUR_MS);
  });

  it("silent only past both the usual quiet and the 2 h floor, when installed or unknown and usually sending", () => {
    const base = { installState: "installed", median14d: 3, lastReceivedAt: new Date(now.getTime() - 5 * HOUR_MS), usualQuietMs: 4 * HOUR_MS, now };
    expect(isSilent(base)).toBe(true);
    expect(isSilent({ ...base, installState: null })).toBe(true);
    expect(isSilent({ ...base, installState: "uninstalled" })).toBe(false);
    expect(isSilent({ ...base, median14d: 0.5 })).toBe(false);
    expect(isSilent({ ...base, usualQuietMs: 5 * HOUR_MS })).toBe(false);
    expect(isSilent({ ...base, usualQuietMs: HOUR_MS, lastReceivedAt: new Date(now.getTime() - 2 * HOUR_MS) })).toBe(false);
    expect(isSilent({ ...base, usualQuietMs: HOUR_MS, lastReceivedAt: new Date(now.getTime() - 2 * HOUR_MS - 1) })).toBe(true);
    expect(isSilent({ ...base, lastReceivedAt: null })).toBe(false);
  });
});

describe("location activity from the hourly counts", () => {
  beforeEach(clearDatabase);

  it("counts the last 24 h and the daily median, and says why a location is silent", async () => {
    await seed("la-silent", every(5, 9), { installState: "installed" }); // every 5 h, quiet for 9 h
    await seed("la-quiet-as-usual", every(5, 3)); // every 5 h, quiet for 3 h
    await seed("la-uninstalled", every(5, 9), { installState: "uninstalled" });
    await seed("la-rare", new Map(Array.from({ length: 6 }, (_, i) => [N - 24 * (i + 1) - 1, 3] as [number, number])).set(N - 30 * 24, 1)); // 6 days of 14
    await seed("la-hourly-short", every(1, 1)); // hourly, quiet < 2 h
    await seed("la-never", new Map(), { installState: "installed", lastReceivedAt: null });

    const list = await listLocationActivity(now);
    const by = new Map(list.map((l) => [l.locationId, l]));
    expect(list).toHaveLength(6);

    const silent = by.get("la-silent");
    expect(silent).toMatchObject({ silent: true, usualQuietMs: 5 * HOUR_MS, installState: "installed" });
    // Deliveries at N-9, N-14, N-19: 3 in the last 24 h; 4 or 5 a day before that.
    expect(silent?.last24h).toBe(3);
    expect([4, 5, 4.5]).toContain(silent?.median14d);
    expect(silent?.silentForMs).toBe(now.getTime() - (hourStart(N - 9).getTime() + 10 * 60_000));

    expect(by.get("la-quiet-as-usual")).toMatchObject({ silent: false, usualQuietMs: 5 * HOUR_MS });
    expect(by.get("la-uninstalled")).toMatchObject({ silent: false, usualQuietMs: null, installState: "uninstalled" });
    expect(by.get("la-rare")).toMatchObject({ silent: false, median14d: 0, last24h: 0, usualQuietMs: null });
    expect(by.get("la-hourly-short")).toMatchObject({ silent: false, last24h: 23, median14d: 24, usualQuietMs: null }); // hours N-23..N-1
    expect(by.get("la-never")).toMatchObject({ silent: false, last24h: 0, median14d: 0, lastReceivedAt: null, silentForMs: null });
  });

  it("getLocationActivity measures the quiet spell of any location and agrees with the list", async () => {
    await seed("la-one", every(3, 1));
    await seed("la-two", every(5, 9));
    const one = await getLocationActivity("la-one", now);
    expect(one).toMatchObject({ locationId: "la-one", silent: false, usualQuietMs: 3 * HOUR_MS, last24h: 8, median14d: 8 });
    const two = await getLocationActivity("la-two", now);
    const fromList = (await listLocationActivity(now)).find((l) => l.locationId === "la-two");
    expect(two).toEqual(fromList);
    expect(await getLocationActivity("la-missing", now)).toBeNull();
  });

  it("the quiet spell ignores the last 24 h and the silence in progress", async () => {
    // Hourly for 14 days, then one 10-hour gap inside the last 24 h, then quiet for 3 h.
    const counts = every(1, 24);
    for (let h = N - 23; h <= N - 14; h++) counts.set(h, 1);
    counts.set(N - 3, 1);
    await seed("la-recent-gap", counts);
    expect(await getLocationActivity("la-recent-gap", now)).toMatchObject({ usualQuietMs: HOUR_MS, silent: true });
  });
});

describe("end to end, through deliveries received in the past", () => {
  beforeEach(clearDatabase);

  it("a location that sent every 4 hours for two weeks and nothing for 10 hours is silent; one that just sent is not", async () => {
    const at = Date.now();
    for (let ago = 10; ago < 14 * 24; ago += 4) {
      await deliverAt(contactEvent("la-e2e-silent"), new Date(at - ago * HOUR_MS), { settle: false });
      await deliverAt(contactEvent("la-e2e-busy"), new Date(at - (ago - 9) * HOUR_MS), { settle: false });
    }
    await deliverAt(contactEvent("la-e2e-busy"), new Date(at - 60_000));
    const clock = new Date(at);
    const silent = await getLocationActivity("la-e2e-silent", clock);
    expect(silent).toMatchObject({ silent: true, usualQuietMs: 4 * HOUR_MS });
    expect(silent?.silentForMs).toBe(10 * HOUR_MS);
    expect(silent?.median14d).toBe(6);
    expect(await getLocationActivity("la-e2e-busy", clock)).toMatchObject({ silent: false });
  });
});
