// Location names in the lists, their JSON API rows and CSV exports, and the
// locationId filter finding a location by name as well as by id, through the real
// route handlers over data delivered through the real (signed) webhook route.
import { beforeAll, describe, expect, it } from "vitest";
import { GET as associationsApi } from "@/app/api/associations/route";
import { GET as associationApi } from "@/app/api/associations/[id]/route";
import { GET as eventsApi } from "@/app/api/events/route";
import { GET as eventApi } from "@/app/api/events/[id]/route";
import { GET as relationsApi } from "@/app/api/relations/route";
import { GET as associationsCsv } from "@/app/api/export/associations.csv/route";
import { GET as eventsCsv } from "@/app/api/export/events.csv/route";
import { GET as relationsCsv } from "@/app/api/export/relations.csv/route";
import { exportSettings } from "@/lib/queries/export";
import { getLocationNames, locationNameCache, resolveLocationFilter, setApiLocationName, setLocationName } from "@/lib/queries/location-profiles";
import { download, walkApi } from "./helpers/csv";
import { HOSTILE, LOC, seedExportScenario } from "./helpers/export-seed";
import { get, type Json } from "./helpers/http";

const ACME = "Acme Dental";
const ALPHA_API = "Alpha Realty (from the API)";
const BETA = "Beta Homes";

type List = readonly [string, typeof associationsApi, string];
const lists: List[] = [
  ["associations", associationsApi, "/api/associations"],
  ["relations", relationsApi, "/api/relations"],
  ["events", eventsApi, "/api/events"],
];
const exports = [
  ["associations", associationsCsv],
  ["relations", relationsCsv],
  ["events", eventsCsv],
] as const;

const rowsOf = (list: List, query: string) => walkApi(list[1], list[2], query, 500);
const idsOf = (rows: Json[]) => rows.map((r) => String(r.id));

beforeAll(async () => {
  await seedExportScenario();
  exportSettings.batchSize = 3; // names must be attached in every batch, not only the first
  await setLocationName(LOC, ACME);
  await setApiLocationName("location-a", ALPHA_API);
  await setApiLocationName("location-b", "Beta (from the API)");
  await setLocationName("location-b", BETA); // the operator's name wins
  return () => {
    exportSettings.batchSize = 1000;
  };
});

describe("locationName on the JSON API rows", () => {
  it.each(lists)("GET %s: every row carries its location's display name, null when unnamed", async (...list) => {
    const rows = await rowsOf(list, "");
    const want: Record<string, string | null> = { [LOC]: ACME, "location-a": ALPHA_API, "location-b": BETA, "location-c": null };
    const seen = new Set<string>();
    for (const row of rows) {
      expect(row).toHaveProperty("locationName");
      if (row.locationId === null) expect(row.locationName).toBeNull();
      else {
        expect(row.locationName, row.locationId).toBe(want[row.locationId] ?? null);
        seen.add(row.locationId);
      }
    }
    expect([...seen].filter((id) => want[id]).length).toBeGreaterThanOrEqual(2);
  });

  it("the association and event detail carry it too", async () => {
    const one = await get(associationApi, `/api/associations/${HOSTILE}`, { params: Promise.resolve({ id: HOSTILE }) });
    expect(one.body.data).toMatchObject({ locationId: LOC, locationName: ACME });
    const [event] = await walkApi(eventsApi, "/api/events", `locationId=${LOC}`, 500);
    const detail = await get(eventApi, `/api/events/${event.id}`, { params: Promise.resolve({ id: String(event.id) }) });
    expect(detail.body.data).toMatchObject({ locationId: LOC, locationName: ACME });
  });
});

describe("the locationId filter finds a location by name or id", () => {
  it.each(lists)("GET %s?locationId=<part of the name, any case> lists exactly that location's rows", async (...list) => {
    const byId = await rowsOf(list, `locationId=${LOC}`);
    expect(byId.length).toBeGreaterThan(0);
    for (const text of ["acme", "DENTAL", ACME]) {
      expect(idsOf(await rowsOf(list, `locationId=${encodeURIComponent(text)}`)), text).toEqual(idsOf(byId));
    }
  });

  it.each(lists)("GET %s: a name matching several locations lists them all; an id still matches exactly", async (...list) => {
    const a = await rowsOf(list, "locationId=location-a");
    const b = await rowsOf(list, "locationId=location-b");
    expect(a.length + b.length).toBeGreaterThan(0);
    expect(a.every((r) => r.locationId === "location-a")).toBe(true);
    // "(from the API)" is location-a's API name; location-b's API name says it too, but its operator name hides it.
    const either = await rowsOf(list, `locationId=${encodeURIComponent("from the API")}`);
    expect(idsOf(either).sort()).toEqual(idsOf(a).sort());
    const both = await rowsOf(list, `locationId=${encodeURIComponent("e")}`); // in "Alpha Realty", "Beta Homes" and "Acme Dental"
    expect(new Set(both.map((r) => r.locationId))).toEqual(new Set([...a, ...b, ...(await rowsOf(list, `locationId=${LOC}`))].map((r) => r.locationId)));
  });

  it.each(lists)("GET %s: a name nobody has lists nothing", async (...list) => {
    expect(await rowsOf(list, "locationId=Nobody%20Here")).toEqual([]);
  });

  it("resolves text to the id itself plus every location whose display name contains it", async () => {
    expect((await resolveLocationFilter("dental")).sort()).toEqual(["dental", LOC].sort());
    expect(await resolveLocationFilter("Beta (from")).toEqual(["Beta (from"]); // an operator's name hides the API's
    expect(await resolveLocationFilter(LOC)).toEqual([LOC]);
  });
});

describe("CSV exports", () => {
  const csv = (handler: (typeof exports)[number][1], dataset: string, query: string) => download(handler, `/api/export/${dataset}.csv?${query}`);

  it("end with a locationName column, filled per row in every batch", async () => {
    const headers = {
      associations: [
        "id",
        "key",
        "associationType",
        "firstObjectKey",
        "firstObjectLabel",
        "secondObjectKey",
        "secondObjectLabel",
        "firstObjectToSecondObjectCardinality",
        "secondObjectToFirstObjectCardinality",
        "locationId",
        "status",
        "eventCount",
        "firstSeenAt",
        "lastEventAt",
        "deletedAt",
        "locationName",
      ],
      relations: [
        "id",
        "associationId",
        "firstObjectKey",
        "firstRecordId",
        "secondObjectKey",
        "secondRecordId",
        "locationId",
        "status",
        "eventCount",
        "firstSeenAt",
        "lastEventAt",
        "deletedAt",
        "locationName",
      ],
      events: [
        "eventId",
        "type",
        "receivedAt",
        "eventTimestamp",
        "webhookId",
        "verification",
        "duplicateCount",
        "id",
        "key",
        "associationType",
        "firstObjectKey",
        "firstObjectLabel",
        "secondObjectKey",
        "secondObjectLabel",
        "firstObjectToSecondObjectCardinality",
        "secondObjectToFirstObjectCardinality",
        "associationId",
        "firstRecordId",
        "secondRecordId",
        "locationId",
        "locationName",
      ],
    };
    const want: Record<string, string> = { [LOC]: ACME, "location-a": ALPHA_API, "location-b": BETA };
    for (const [dataset, handler] of exports) {
      const res = await csv(handler, dataset, "");
      expect(res.header, dataset).toEqual(headers[dataset]);
      expect(res.rows.length).toBeGreaterThan(exportSettings.batchSize);
      const named = res.rows.filter((r) => r.locationName !== "");
      expect(named.length, dataset).toBeGreaterThan(exportSettings.batchSize);
      for (const row of res.rows) expect(row.locationName, `${dataset} ${row.locationId}`).toBe(want[row.locationId ?? ""] ?? "");
    }
  });

  it.each(exports)("%s.csv?locationId=<name> exports exactly the rows of ?locationId=<id>", async (dataset, handler) => {
    const byId = await csv(handler, dataset, `locationId=${LOC}`);
    const byName = await csv(handler, dataset, "locationId=acme%20dent");
    expect(byId.rows.length).toBeGreaterThan(0);
    expect(byName.rows).toEqual(byId.rows);
    expect(byName.rows.every((r) => r.locationName === ACME)).toBe(true);
  });
});

describe("name lookups", () => {
  it("getLocationNames: one map for many ids, operator's name over the API's, unnamed ones absent", async () => {
    const names = await getLocationNames([LOC, "location-a", "location-b", "location-c", null, LOC]);
    expect(Object.fromEntries(names)).toEqual({ [LOC]: ACME, "location-a": ALPHA_API, "location-b": BETA });
  });

  it("locationNameCache asks only for ids it has not seen", async () => {
    const namesFor = locationNameCache();
    expect((await namesFor([LOC]))(LOC)).toBe(ACME);
    await setLocationName(LOC, "Renamed meanwhile");
    try {
      const nameOf = await namesFor([LOC, "location-b"]);
      expect(nameOf(LOC)).toBe(ACME); // from the cache: not asked again
      expect(nameOf("location-b")).toBe(BETA);
      expect((await locationNameCache()([LOC]))(LOC)).toBe("Renamed meanwhile");
    } finally {
      await setLocationName(LOC, ACME);
    }
  });
});
