// GET /api/locations: every location with install state, activity and silence;
// q / state / silent filters, the five sorts both ways, keyset paging in memory,
// and 400s for parameters it cannot apply.
import { beforeEach, describe, expect, it } from "vitest";
import { GET as locationsRoute } from "@/app/api/locations/route";
import { withWriteLock, writeDb } from "@/lib/db";
import { encodeCursor } from "@/lib/filters/common";
import { locationFiltersSchema } from "@/lib/filters/locations";
import { HOUR_MS } from "@/lib/location-silence";
import { listLocations } from "@/lib/queries/locations";
import { clearDatabase } from "./helpers/db";
import { get, type Json } from "./helpers/http";

const now = new Date();
const N = Math.floor(now.getTime() / HOUR_MS);

interface Seed {
  id: string;
  name?: string;
  apiName?: string;
  state?: "installed" | "uninstalled";
  events: number;
  /** Delivery hours, as hours before now. */
  ago: number[];
}

// Every 4 hours for two weeks, then quiet for `quiet` hours.
const steady = (quiet: number) => Array.from({ length: 84 }, (_, i) => quiet + 4 * i).filter((a) => a < 359);

const seeds: Seed[] = [
  { id: "ll-alpha", name: "Alpha Dental", state: "installed", events: 10, ago: steady(10) }, // silent
  { id: "ll-bravo", apiName: "bravo clinic", state: "uninstalled", events: 30, ago: steady(10) }, // quiet, but uninstalled
  { id: "ll-charlie", events: 5, ago: steady(1) }, // unknown, sending
  { id: "ll-delta", name: "Delta", state: "installed", events: 0, ago: [] }, // named in a bulk install only
];

async function seed() {
  const prisma = await writeDb();
  await withWriteLock(async () => {
    for (const s of seeds) {
      const last = s.ago.length ? new Date(now.getTime() - Math.min(...s.ago) * HOUR_MS) : null;
      await prisma.location.create({
        data: {
          locationId: s.id,
          events: s.events,
          associations: s.events > 5 ? 2 : 0,
          lastEventAt: last ?? new Date("2026-01-01T00:00:00Z"),
          lastReceivedAt: last,
          installState: s.state ?? null,
          installedAt: s.state ? new Date("2026-01-01T00:00:00Z") : null,
          uninstalledAt: s.state === "uninstalled" ? new Date("2026-01-02T00:00:00Z") : null,
        },
      });
      if (s.ago.length) await prisma.locationHour.createMany({ data: s.ago.map((a) => ({ locationId: s.id, hour: N - a, count: 1 })) });
      if (s.name || s.apiName)
        await prisma.locationProfile.create({ data: { locationId: s.id, name: s.name ?? null, apiName: s.apiName ?? null, updatedAt: now } });
    }
  });
}

const ids = (body: Json) => (body.data as Json[]).map((r) => r.locationId);

describe("GET /api/locations", () => {
  beforeEach(async () => {
    await clearDatabase();
    await seed();
  });

  it("lists every location, most recent delivery first, with install state, activity and silence", async () => {
    const res = await get(locationsRoute, "/api/locations");
    expect(res.status).toBe(200);
    expect(ids(res.body)).toEqual(["ll-charlie", "ll-alpha", "ll-bravo", "ll-delta"]);
    expect(res.body.total).toBe(4);
    const alpha = res.body.data[1];
    expect(alpha).toMatchObject({
      locationId: "ll-alpha",
      name: "Alpha Dental",
      installState: "installed",
      installedAt: "2026-01-01T00:00:00.000Z",
      silent: true,
      usualQuietMs: 4 * HOUR_MS,
      last24h: 4,
      median14d: 6,
      events: 10,
      associations: 2,
    });
    expect(alpha.silentForMs).toBeGreaterThanOrEqual(10 * HOUR_MS);
    expect(res.body.data[2]).toMatchObject({ locationId: "ll-bravo", name: "bravo clinic", installState: "uninstalled", silent: false });
    expect(res.body.data[3]).toMatchObject({ locationId: "ll-delta", lastReceivedAt: null, last24h: 0, silent: false });
  });

  it.each([
    ["q=dental", ["ll-alpha"]],
    ["q=BRAVO", ["ll-bravo"]], // the API's name, case-insensitively
    ["q=ll-ch", ["ll-charlie"]], // the id
    ["state=installed", ["ll-alpha", "ll-delta"]],
    ["state=unknown", ["ll-charlie"]],
    ["state=uninstalled,unknown", ["ll-charlie", "ll-bravo"]],
    ["silent=1", ["ll-alpha"]],
    ["silent=0", ["ll-charlie", "ll-alpha", "ll-bravo", "ll-delta"]],
    ["silent=1&state=uninstalled", []],
    ["q=nothing-like-this", []],
  ])("filters with %s", async (query, expected) => {
    const res = await get(locationsRoute, `/api/locations?${query}`);
    expect(res.status).toBe(200);
    expect(ids(res.body)).toEqual(expected);
    expect(res.body.total).toBe(expected.length);
  });

  it.each([
    ["lastReceived", ["ll-alpha", "ll-bravo", "ll-charlie", "ll-delta"]], // oldest first (a tie by id); never received last either way
    ["-lastReceived", ["ll-charlie", "ll-alpha", "ll-bravo", "ll-delta"]],
    ["name", ["ll-alpha", "ll-bravo", "ll-delta", "ll-charlie"]], // unnamed last
    ["-name", ["ll-delta", "ll-bravo", "ll-alpha", "ll-charlie"]],
    ["last24h", ["ll-delta", "ll-alpha", "ll-bravo", "ll-charlie"]], // ties by id
    ["-last24h", ["ll-charlie", "ll-alpha", "ll-bravo", "ll-delta"]],
    ["state", ["ll-alpha", "ll-delta", "ll-bravo", "ll-charlie"]], // installed, uninstalled, unknown
    ["-state", ["ll-charlie", "ll-bravo", "ll-alpha", "ll-delta"]],
    ["events", ["ll-delta", "ll-charlie", "ll-alpha", "ll-bravo"]],
    ["-events", ["ll-bravo", "ll-alpha", "ll-charlie", "ll-delta"]],
  ])("sorts by %s", async (sort, expected) => {
    expect(ids((await get(locationsRoute, `/api/locations?sort=${sort}`)).body)).toEqual(expected);
  });

  it("pages forward and back with limit=1 under any sort, never repeating or skipping", async () => {
    for (const sort of ["-lastReceived", "name", "-events", "state"]) {
      const all = ids((await get(locationsRoute, `/api/locations?sort=${sort}`)).body);
      const seen: string[] = [];
      let res = await get(locationsRoute, `/api/locations?sort=${sort}&limit=1`);
      expect(res.body.prevCursor).toBeNull();
      seen.push(...ids(res.body));
      while (res.body.nextCursor) {
        res = await get(locationsRoute, `/api/locations?sort=${sort}&limit=1&cursor=${res.body.nextCursor}`);
        seen.push(...ids(res.body));
      }
      expect(seen).toEqual(all);
      const back: string[] = [...ids(res.body)];
      while (res.body.prevCursor) {
        res = await get(locationsRoute, `/api/locations?sort=${sort}&limit=1&before=${res.body.prevCursor}`);
        back.unshift(...ids(res.body));
      }
      expect(back).toEqual(all);
      expect(res.body.nextCursor).not.toBeNull();
    }
  });

  it.each([
    ["state=gone", "state"],
    ["silent=yes", "silent"],
    ["sort=silence", "sort"],
    ["limit=0", "limit"],
    ["cursor=garbage", "cursor"],
    [`cursor=${encodeCursor(["text", "ll-alpha"])}`, "cursor"], // a name cursor under the default (time) sort
    [`sort=state&before=${encodeCursor(["bogus", "ll-alpha"])}`, "before"],
    [`q=${"x".repeat(201)}`, "q"],
  ])("%s → 400 naming %s", async (query, path) => {
    const res = await get(locationsRoute, `/api/locations?${query}`);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain(path);
  });

  it("silence follows the clock it is given", async () => {
    const filters = locationFiltersSchema.parse({ silent: "1" });
    expect((await listLocations(filters, now)).data.map((r) => r.locationId)).toEqual(["ll-alpha"]);
    // Seven hours earlier, alpha had been quiet for only 3 h: less than its usual 4 h.
    expect((await listLocations(filters, new Date(now.getTime() - 7 * HOUR_MS))).data).toEqual([]);
  });
});
