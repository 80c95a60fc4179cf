// The events export at its real batch size: 1,000 rows' bodies read in one run. An
// `id IN (…)` list of 1,000 parameters exceeds Prisma's SQLite limit (999), which the
// bench found as a 500 at a million events; tests elsewhere use batches of 3.
import { beforeAll, describe, expect, it } from "vitest";
import { eventFiltersSchema } from "@/lib/filters/events";
import { appendBatch } from "@/lib/queries/append";
import { eventExportBatches, exportSettings } from "@/lib/queries/export";
import type { IncomingEvent } from "@/lib/queries/ingest-types";
import { clearDatabase } from "./helpers/db";

const count = 2_345;

function other(i: number): IncomingEvent {
  const body = JSON.stringify({ type: "ContactCreate", id: `c-${i}`, locationId: `loc-${i % 7}` });
  return {
    kind: "other",
    type: "ContactCreate",
    dedupeKey: `wh:large-${i}`,
    webhookId: `large-${i}`,
    locationId: `loc-${i % 7}`,
    subjectId: `c-${i}`,
    associationId: null,
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

beforeAll(async () => {
  await clearDatabase();
  for (let i = 0; i < count; i += 500) await appendBatch(Array.from({ length: Math.min(500, count - i) }, (_, k) => other(i + k)));
});

describe("eventExportBatches at the default batch size", () => {
  it("reads every event once, newest first, 1,000 per batch", async () => {
    expect(exportSettings.batchSize).toBe(1000);
    const sizes: number[] = [];
    const ids: number[] = [];
    for await (const batch of eventExportBatches(eventFiltersSchema.parse({}))) {
      sizes.push(batch.length);
      ids.push(...batch.map((r) => Number(r.eventId)));
    }
    expect(sizes).toEqual([1000, 1000, 345]);
    expect(new Set(ids).size).toBe(count);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
  });

  it("with a filter, the runs still hold exactly the filtered rows", async () => {
    const rows: string[] = [];
    for await (const batch of eventExportBatches(eventFiltersSchema.parse({ locationId: "loc-3" }))) rows.push(...batch.map((r) => String(r.locationId)));
    expect(rows).toHaveLength(Array.from({ length: count }, (_, i) => i).filter((i) => i % 7 === 3).length);
    expect(new Set(rows)).toEqual(new Set(["loc-3"]));
  });
});
