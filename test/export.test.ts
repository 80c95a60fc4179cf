// GET /api/export/{associations,relations,events}.csv through the real route
// handlers, over data delivered through the real (signed) webhook route: the CSV
// must carry exactly the rows the JSON API lists for the same filters, in order.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as associationsCsv } from "@/app/api/export/associations.csv/route";
import { GET as relationsCsv } from "@/app/api/export/relations.csv/route";
import { GET as associationsApi } from "@/app/api/associations/route";
import { GET as relationsApi } from "@/app/api/relations/route";
import { maxExportsPerClient } from "@/lib/http/export-slots";
import { associationExportColumns, exportSettings, relationExportColumns } from "@/lib/queries/export";
import { asCsv, download, expectCsvHeaders, expectInvalid, today, walkApi } from "./helpers/csv";
import { HOSTILE, LOC, MULTILINE, seedExportScenario } from "./helpers/export-seed";
import { seedBase, seedHour } from "./helpers/seed";

const at = (hours: number) => new Date(seedBase + hours * seedHour).toISOString();

let total = { associations: 0, relations: 0, events: 0 };

beforeAll(async () => {
  total = await seedExportScenario();
  exportSettings.batchSize = 3; // several batches per export, so batch boundaries are exercised
});

afterAll(() => {
  exportSettings.batchSize = 1000;
});

const batches = (rows: number) => 1 + Math.ceil(rows / exportSettings.batchSize);

describe("GET /api/export/associations.csv", () => {
  const csv = (query: string) => download(associationsCsv, `/api/export/associations.csv?${query}`);

  it.each([
    [""],
    ["locationId=location-a"],
    ["status=deleted"],
    ["status=active&associationType=SYSTEM_DEFINED&sort=key"],
    ["sort=-firstObjectToSecondObjectCardinality"],
    ["sort=firstObjectLabel"],
    ["sort=eventCount"],
    ["objectKey=contact&sort=-id"],
    ["q=buyer"],
    [`from=${at(3)}&to=${at(9)}`],
    [`locationId=${LOC}&sort=-key`],
  ])("?%s: the API's rows, cell for cell, in the API's order", async (query) => {
    const want = asCsv(await walkApi(associationsApi, "/api/associations", query), associationExportColumns);
    expect(want.length).toBeGreaterThan(0);
    const res = await csv(query);
    expectCsvHeaders(res, /^associations-.*\d{4}-\d{2}-\d{2}\.csv$/);
    expect(res.header).toEqual([...associationExportColumns]);
    expect(res.rows).toEqual(want);
    expect(res.chunks).toBe(batches(want.length));
  });

  it("walks more rows than a batch, in order, none repeated, the whole set", async () => {
    const res = await csv("sort=firstSeenAt");
    expect(res.rows).toHaveLength(total.associations);
    expect(total.associations).toBeGreaterThan(exportSettings.batchSize * 3);
    expect(new Set(res.rows.map((r) => r.id)).size).toBe(total.associations);
    const seen = res.rows.map((r) => `${r.firstSeenAt} ${r.id}`);
    expect(seen).toEqual([...seen].sort());
  });

  it("hostile text comes back as inert text", async () => {
    const res = await csv(`locationId=${LOC}`);
    const hostile = res.rows.find((r) => r.id === HOSTILE);
    expect(hostile).toMatchObject({ key: "'-5", firstObjectLabel: `'=HYPERLINK("http://x")`, secondObjectLabel: "<script>alert(1)</script>", eventCount: "2" });
    expect(res.text).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(res.rows.find((r) => r.id === MULTILINE)).toMatchObject({
      key: "multi, line",
      firstObjectLabel: 'Line 1\nLine, "2"\r\nLine 3',
      secondObjectLabel: "Käufer 🏠 物件",
    });
  });

  it("names the file after the dataset, main filters and day", async () => {
    const before = today();
    const res = await csv(`locationId=${LOC}&status=active`);
    expectCsvHeaders(res, new RegExp(`^associations-location-eHy2cOSZ-active-(${before}|${today()})\\.csv$`));
  });

  it("zero matching rows: the header row alone", async () => {
    const res = await csv("locationId=nowhere");
    expect(res.status).toBe(200);
    expect(res.text).toBe(`${associationExportColumns.join(",")}\r\n`);
  });

  it("ignores cursor, before and limit: always the whole set", async () => {
    const all = await csv("");
    const res = await csv("limit=1&cursor=garbage&before=junk");
    expect(res.status).toBe(200);
    expect(res.rows).toEqual(all.rows);
    expect((await csv("limit=0")).rows).toHaveLength(total.associations);
  });

  it.each([
    ["status=bogus", "status"],
    ["sort=nope", "sort"],
    ["associationType=X", "associationType"],
    ["from=2026-02-31", "from"],
    ["from=2026-03-01&to=2026-02-01", "from"],
    [`q=${"x".repeat(201)}`, "q"],
  ])("%s → the 400 envelope, no CSV", async (query, path) => expectInvalid(await csv(query), path));
});

describe("GET /api/export/relations.csv", () => {
  const csv = (query: string) => download(relationsCsv, `/api/export/relations.csv?${query}`);

  it.each([
    [""],
    [`locationId=${LOC}`],
    ["status=deleted"],
    ["status=active"],
    ["recordId=prop-1"],
    ["recordId=contact-5&status=active"],
    [`associationId=${HOSTILE}`],
  ])("?%s: the API's rows, cell for cell, newest first", async (query) => {
    const want = asCsv(await walkApi(relationsApi, "/api/relations", query), relationExportColumns);
    expect(want.length).toBeGreaterThan(0);
    const res = await csv(query);
    expectCsvHeaders(res, /^relations-.*\.csv$/);
    expect(res.header).toEqual([...relationExportColumns]);
    expect(res.rows).toEqual(want);
  });

  it("more rows than a batch, none repeated; hostile record ids neutralised; filename", async () => {
    const res = await csv(`locationId=${LOC}&status=active,deleted`);
    expect(res.rows.find((r) => r.id?.endsWith("08"))?.firstRecordId).toBe("'=cmd|' /C calc'!A0");
    const all = await csv("");
    expect(all.rows).toHaveLength(total.relations);
    expect(total.relations).toBeGreaterThan(exportSettings.batchSize);
    expect(new Set(all.rows.map((r) => r.id)).size).toBe(total.relations);
    expect(all.chunks).toBe(batches(total.relations));
    const named = await csv(`associationId=${HOSTILE}&locationId=${LOC}&status=active`);
    expectCsvHeaders(named, new RegExp(`^relations-association-${HOSTILE}-location-eHy2cOSZ-active-\\d{4}-\\d{2}-\\d{2}\\.csv$`));
  });

  it.each([
    ["status=gone", "status"],
    [`recordId=${"r".repeat(201)}`, "recordId"],
  ])("%s → 400 envelope", async (query, path) => expectInvalid(await csv(`${query}&cursor=x&limit=9999`), path));
});

describe("concurrent exports per client", () => {
  const open = () => associationsCsv(new Request("http://localhost:3000/api/export/associations.csv"), undefined);

  it(`at most ${maxExportsPerClient} stream at once; a slot frees when a download finishes or is abandoned`, async () => {
    const running = await Promise.all(Array.from({ length: maxExportsPerClient }, open));
    expect(running.map((r) => r.status)).toEqual(Array(maxExportsPerClient).fill(200));
    const refused = await open();
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("5");
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("too_many_exports");

    await running[0]?.body?.cancel(); // the client went away
    const next = await open();
    expect(next.status).toBe(200);
    await next.text(); // read to the end
    await running[1]?.text();
    const all = await Promise.all(Array.from({ length: maxExportsPerClient }, open));
    expect(all.map((r) => r.status)).toEqual(Array(maxExportsPerClient).fill(200));
    await Promise.all(all.map((r) => r.text()));
  });
});
