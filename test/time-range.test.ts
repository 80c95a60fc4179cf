// Time ranges: `range` (1h, 24h, 7d, 30d, resolved when the request is read) and
// absolute from/to on the events, associations, locations and rejected lists, their
// exports and the overview's figures, through the real route handlers.
import { beforeAll, describe, expect, it } from "vitest";
import { GET as associationsRoute } from "@/app/api/associations/route";
import { GET as eventsRoute } from "@/app/api/events/route";
import { GET as eventsCsv } from "@/app/api/export/events.csv/route";
import { GET as locationsRoute } from "@/app/api/locations/route";
import { GET as rejectedRoute } from "@/app/api/rejected/route";
import { eventFiltersSchema } from "@/lib/filters/events";
import { paramsRecord } from "@/lib/filters/common";
import { overviewRangeSchema, resolveRange } from "@/lib/filters/range";
import { getRangeFigures } from "@/lib/queries/overview-range";
import { deliverAt } from "./helpers/backdated";
import { download } from "./helpers/csv";
import { clearDatabase } from "./helpers/db";
import { get, type Json } from "./helpers/http";

const HOUR = 3_600_000;
const ids: Record<string, number> = {};
const association = (id: string, at: Date, locationId: string) => ({
  type: "AssociationCreate",
  id,
  associationType: "USER_DEFINED",
  key: `key_${id}`,
  firstObjectKey: "contact",
  firstObjectLabel: "Buyer",
  secondObjectKey: "custom_objects.property",
  secondObjectLabel: "Property",
  locationId,
  timestamp: at.toISOString(),
  webhookId: `wh-${id}`,
});

beforeAll(async () => {
  await clearDatabase();
  const now = Date.now();
  for (const [name, hoursAgo, location] of [
    ["recent", 0.1, "loc-recent"],
    ["hours", 5, "loc-hours"],
    ["days", 3 * 24, "loc-days"],
    ["old", 20 * 24, "loc-old"],
  ] as const) {
    const at = new Date(now - hoursAgo * HOUR);
    const res = await deliverAt(association(`a-${name}`, at, location), at);
    expect(res.status).toBe(200);
    ids[name] = res.eventId as number;
  }
});

const idsOf = async (route: typeof eventsRoute, url: string, key = "id") => {
  const res = await get(route, url);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body.data as Json[]).map((r) => r[key]);
};

describe("range parsing", () => {
  it("resolves a relative range against the given clock, into from", () => {
    const now = new Date("2026-06-01T12:00:00.000Z");
    expect(resolveRange({ range: "1h" as const }, now).from?.toISOString()).toBe("2026-06-01T11:00:00.000Z");
    expect(resolveRange({ range: "24h" as const }, now).from?.toISOString()).toBe("2026-05-31T12:00:00.000Z");
    expect(resolveRange({ range: "7d" as const }, now).from?.toISOString()).toBe("2026-05-25T12:00:00.000Z");
    expect(resolveRange({ range: "30d" as const }, now).from?.toISOString()).toBe("2026-05-02T12:00:00.000Z");
    expect(resolveRange({}, now).from).toBeUndefined();
  });

  it("resolves when the request is read, not when the link was made", () => {
    const before = Date.now();
    const parsed = eventFiltersSchema.parse(paramsRecord(new URLSearchParams("range=1h")));
    expect(parsed.range).toBe("1h");
    expect(parsed.from?.getTime()).toBeGreaterThanOrEqual(before - HOUR);
    expect(parsed.from?.getTime()).toBeLessThanOrEqual(Date.now() - HOUR);
    expect(parsed.to).toBeUndefined();
  });

  it("keeps absolute from/to as given", () => {
    const parsed = overviewRangeSchema.parse({ from: "2026-01-31T10:00:00Z", to: "2026-02-01" });
    expect(parsed.from?.toISOString()).toBe("2026-01-31T10:00:00.000Z");
    expect(parsed.to?.toISOString()).toBe("2026-02-01T23:59:59.999Z");
  });

  it("answers 400 for an unknown range or a range with from/to, naming range", async () => {
    for (const query of ["range=2h", "range=toString", "range=24h&from=2026-01-01", "range=7d&to=2026-01-01"]) {
      for (const [route, path] of [
        [eventsRoute, "events"],
        [associationsRoute, "associations"],
        [rejectedRoute, "rejected"],
        [locationsRoute, "locations"],
      ] as const) {
        const res = await get(route as typeof eventsRoute, `/api/${path}?${query}`);
        expect(res.status, `${path}?${query}`).toBe(400);
        expect(res.body.error.details.map((d: Json) => d.path)).toContain("range");
      }
    }
    expect(overviewRangeSchema.safeParse({ range: "1w" }).success).toBe(false);
  });
});

describe("range on the lists", () => {
  it("events: received time", async () => {
    expect(await idsOf(eventsRoute, "/api/events?range=1h")).toEqual([ids.recent]);
    expect(await idsOf(eventsRoute, "/api/events?range=24h")).toEqual([ids.hours, ids.recent]);
    expect(await idsOf(eventsRoute, "/api/events?range=7d")).toEqual([ids.days, ids.hours, ids.recent]);
    expect(await idsOf(eventsRoute, "/api/events?range=30d")).toEqual([ids.old, ids.days, ids.hours, ids.recent]);
    const from = new Date(Date.now() - 4 * 24 * HOUR).toISOString();
    const to = new Date(Date.now() - 1 * HOUR).toISOString();
    expect(await idsOf(eventsRoute, `/api/events?from=${from}&to=${to}`)).toEqual([ids.days, ids.hours]);
  });

  it("associations: last event time", async () => {
    expect(await idsOf(associationsRoute, "/api/associations?range=1h")).toEqual(["a-recent"]);
    expect((await idsOf(associationsRoute, "/api/associations?range=7d")).sort()).toEqual(["a-days", "a-hours", "a-recent"]);
  });

  it("locations: last delivery", async () => {
    expect(await idsOf(locationsRoute, "/api/locations?range=24h", "locationId")).toEqual(expect.arrayContaining(["loc-recent", "loc-hours"]));
    expect((await idsOf(locationsRoute, "/api/locations?range=24h", "locationId")).sort()).toEqual(["loc-hours", "loc-recent"]);
  });

  it("rejected: received time", async () => {
    expect(await idsOf(rejectedRoute, "/api/rejected?range=1h")).toEqual([]);
  });

  it("the events export takes the same range", async () => {
    const res = await download(eventsCsv, "/api/export/events.csv?range=24h");
    expect(res.status).toBe(200);
    expect(res.rows.map((r) => Number(r.eventId))).toEqual([ids.hours, ids.recent]);
  });
});

describe("range on the overview", () => {
  it("counts events by the UTC days the range touches and the chart covers just those days", async () => {
    const now = new Date();
    const week = await getRangeFigures(new Date(now.getTime() - 7 * 24 * HOUR), undefined, now);
    expect(week.events).toBe(3);
    expect(week.lastDay).toBe(now.toISOString().slice(0, 10));
    expect(week.buckets.every((b) => b.day >= week.firstDay && b.day <= week.lastDay)).toBe(true);
    const month = await getRangeFigures(new Date(now.getTime() - 30 * 24 * HOUR), undefined, now);
    expect(month.events).toBe(4);
    expect(month.rejected).toBe(0);
  });
});
