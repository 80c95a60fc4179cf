// "Export CSV" downloads exactly the filtered view.
import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { expect, test, type Page } from "@playwright/test";
import { associationBody, deliverStored, seedAssociations, signIn, unique } from "./helpers";

const associationColumns = [
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
];
const eventColumns = [
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
];

test.beforeEach(async ({ page }) => signIn(page));

/** Clicks "Export CSV" and parses the download: header row and records. */
async function exportCsv(page: Page, filenameStart: string) {
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
  // The filename names the main filters (a location by its first 8 characters) and the UTC day.
  expect(download.suggestedFilename()).toBe(`${filenameStart}-${new Date().toISOString().slice(0, 10)}.csv`);
  const text = readFileSync(await download.path(), "utf8");
  const table = parse(text, { bom: true }) as string[][];
  const [header = [], ...records] = table;
  return { header, records: records.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ""]))) };
}

test("Export CSV on a filtered associations list downloads exactly those associations", async ({ page, request }) => {
  const loc = unique("loc-export");
  const other = unique("loc-export-other");
  const ids = [unique("exp-a"), unique("exp-b"), unique("exp-c")];
  // A comma, quotes and a newline in a label survive the round trip.
  const tricky = 'Buyer, "VIP"\nsecond line';
  await seedAssociations(request, [
    { id: ids[0] ?? "", key: "k0", locationId: loc, firstObjectLabel: tricky },
    { id: unique("exp-x"), key: "k-other", locationId: other },
    { id: ids[1] ?? "", key: "k1", locationId: loc },
    { id: ids[2] ?? "", key: "k2", locationId: loc },
  ]);

  await page.goto(`/associations?locationId=${loc}&limit=2`);
  await expect(page.getByRole("link", { name: "Export CSV" })).toHaveAttribute("href", `/api/export/associations.csv?locationId=${loc}`);
  const csv = await exportCsv(page, `associations-location-${loc.slice(0, 8)}`);
  expect(csv.header).toEqual(associationColumns);
  // All three, although the page shows two at a time.
  expect(csv.records.map((r) => r.id).sort()).toEqual([...ids].sort());
  expect(csv.records.every((r) => r.locationId === loc && r.status === "active")).toBe(true);
  expect(csv.records.find((r) => r.id === ids[0])?.firstObjectLabel).toBe(tricky);
  expect(csv.records.every((r) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(r.lastEventAt ?? ""))).toBe(true);
});

test("Export CSV on a filtered events log downloads exactly those events", async ({ page, request }) => {
  const loc = unique("loc-export-events");
  const id = unique("exp-ev");
  const body = associationBody({ id, key: "k", locationId: loc });
  const eventIds = [
    await deliverStored(request, body, "AssociationCreate"),
    await deliverStored(
      request,
      { ...body, firstObjectLabel: "Owner", firstObjectToSecondObjectCardinality: "ONE_TO_ONE", secondObjectToFirstObjectCardinality: "ONE_TO_ONE" },
      "AssociationUpdate",
    ),
    await deliverStored(request, { type: "ContactCreate", id: unique("c"), locationId: loc }),
  ];
  await deliverStored(request, { type: "ContactCreate", id: unique("c"), locationId: unique("loc-elsewhere") });

  await page.goto(`/events?locationId=${loc}`);
  const csv = await exportCsv(page, `events-location-${loc.slice(0, 8)}`);
  expect(csv.header).toEqual(eventColumns);
  // Newest first, only this location's deliveries.
  expect(csv.records.map((r) => Number(r.eventId))).toEqual([...eventIds].reverse());
  expect(csv.records.map((r) => r.type)).toEqual(["ContactCreate", "AssociationUpdate", "AssociationCreate"]);
  expect(csv.records.every((r) => r.locationId === loc && r.verification === "ed25519")).toBe(true);
  expect(csv.records[1]?.firstObjectLabel).toBe("Owner");

  // A further filter narrows the export the same way.
  await page.goto(`/events?locationId=${loc}&kind=other`);
  const narrowed = await exportCsv(page, `events-location-${loc.slice(0, 8)}-other`);
  expect(narrowed.records.map((r) => Number(r.eventId))).toEqual([eventIds[2]]);
});
