// Reads for the CSV exports: the whole filtered set, read in batches by the lists'
// own definitions (exportBatches in list.ts: same conditions and order as the JSON
// API), as async generators, so a million rows are never in memory at once and no
// row is repeated or skipped even while new deliveries arrive.
import type { Prisma } from "../db";
import { db } from "../db";
import type { CsvRecord } from "../csv";
import { bodyFields } from "./changes";
import { associationListQuery, associationSelect, type AssociationListFilters, type AssociationListRow } from "./associations";
import { eventPositions, eventWhere, type EventListFilters } from "./events";
import { exportBatches } from "./list";
import { locationNameCache } from "./location-profiles";
import { relationListQuery, relationSelect, type RelationListFilters, type RelationListRow } from "./relations";

/**
 * Rows per query, and for events the most raw-body bytes read at once (bodies reach
 * 1 MiB, so 1,000 rows could be a gigabyte). A setting object (not constants) so
 * tests can lower them.
 */
export const exportSettings = { batchSize: 1000, maxBatchBytes: 16 * 1024 * 1024 };

/** Rows of a batch with their location's display name, from a per-export cache. */
async function* named<T extends { locationId: string }>(batches: AsyncGenerator<T[]>): AsyncGenerator<(T & { locationName: string | null })[]> {
  const namesFor = locationNameCache();
  for await (const rows of batches) {
    const nameOf = await namesFor(rows.map((r) => r.locationId));
    yield rows.map((r) => ({ ...r, locationName: nameOf(r.locationId) }));
  }
}

// locationName goes last in every export: scripts that read the columns by
// position before it existed keep working.

/** Associations: the API row fields, in the filter's sort order (like GET /api/associations). */
export const associationExportColumns = [...Object.keys(associationSelect), "locationName"];

export function associationExportBatches(f: AssociationListFilters, batchSize = exportSettings.batchSize): AsyncGenerator<AssociationListRow[]> {
  return named(exportBatches(associationListQuery, f, batchSize));
}

/** Relations: the API row fields, newest event first (the order of listRelations). */
export const relationExportColumns = [...Object.keys(relationSelect), "locationName"];

export function relationExportBatches(f: RelationListFilters, batchSize = exportSettings.batchSize): AsyncGenerator<RelationListRow[]> {
  return named(exportBatches(relationListQuery, f, batchSize));
}

/** HighLevel's field names, read from each stored body (empty when the body lacks one). */
export const eventBodyColumns = [
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
] as const;

/** Events: our delivery fields, then the body's fields, then the location's display name. */
export const eventExportColumns = [
  "eventId",
  "type",
  "receivedAt",
  "eventTimestamp",
  "webhookId",
  "verification",
  "duplicateCount",
  ...eventBodyColumns,
  "locationName",
] as const;

const eventExportSelect = {
  id: true,
  type: true,
  receivedAt: true,
  eventTimestamp: true,
  webhookId: true,
  verification: true,
  duplicateCount: true,
  locationId: true,
  rawBody: true,
} satisfies Prisma.EventSelect;

type EventExportRow = Prisma.EventGetPayload<{ select: typeof eventExportSelect }>;

/** Body values are untrusted text: numbers too become strings, so "-5" is neutralised like any text. */
function bodyText(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === "string") return value;
  try {
    return JSON.stringify(value);
  } catch {
    // JSON.parse reads any depth, JSON.stringify overflows the stack on deep nesting
    // (e.g. 100k levels of `[`): such a body is stored, and must not break the export.
    return "(nested too deeply to show)";
  }
}

/** The CSV record of one event; its locationName is filled in per batch by eventExportBatches. */
export function eventRecord(e: EventExportRow): CsvRecord {
  const body = bodyFields(e.rawBody);
  const fromBody = Object.fromEntries(eventBodyColumns.map((column) => [column, bodyText(body[column])]));
  const locationId = fromBody.locationId ?? e.locationId;
  return {
    eventId: e.id,
    type: e.type,
    receivedAt: e.receivedAt,
    eventTimestamp: e.eventTimestamp,
    webhookId: e.webhookId,
    verification: e.verification,
    duplicateCount: e.duplicateCount,
    ...fromBody,
    locationId,
    locationName: null,
  };
}

/** Consecutive runs of `rows` whose body sizes add up to at most `maxBytes` (a larger row goes alone). */
function* byBytes<T extends { bodySize: number }>(rows: T[], maxBytes: number): Generator<T[]> {
  let chunk: T[] = [];
  let bytes = 0;
  for (const row of rows) {
    if (chunk.length > 0 && bytes + row.bodySize > maxBytes) {
      yield chunk;
      chunk = [];
      bytes = 0;
    }
    chunk.push(row);
    bytes += row.bodySize;
  }
  if (chunk.length > 0) yield chunk;
}

/**
 * Events: one row per stored delivery, newest first (id descending, like GET
 * /api/events). The walk reads ids and sizes only; bodies are then read in runs of
 * at most maxBatchBytes and decoded run by run, so one run of raw bodies is held.
 */
export async function* eventExportBatches(
  f: EventListFilters,
  batchSize = exportSettings.batchSize,
  maxBytes = exportSettings.maxBatchBytes,
): AsyncGenerator<CsvRecord[]> {
  const prisma = await db();
  // The location filter is resolved once, for the positions and for the bodies.
  const resolved = await eventPositions.resolve(f);
  const where = eventWhere(f, resolved);
  const namesFor = locationNameCache();
  const search = f.q;
  // A body search re-reads each run by its id list (below), kept under Prisma's SQLite parameter limit.
  const positions = exportBatches(eventPositions, f, search ? Math.min(batchSize, 500) : batchSize, Promise.resolve(resolved));
  for await (const rows of positions) {
    for (const run of byBytes(rows, maxBytes)) {
      // The run is consecutive rows of the walk, so the filter plus its id range reads
      // exactly them (an `id IN (…)` list of 1,000 exceeds Prisma's SQLite parameter
      // limit). Rows appended meanwhile have higher ids; a row pruned by retention
      // between the two reads is simply absent.
      const range = search ? { id: { in: run.map((r) => r.id) } } : { id: { lte: run[0]?.id, gte: run.at(-1)?.id } };
      const full = await prisma.event.findMany({ where: { AND: [where, range] }, orderBy: { id: "desc" }, select: eventExportSelect });
      if (full.length === 0) continue;
      // Named after the record's locationId (the body's, which the CSV shows), decoded once.
      const records = full.map((e) => eventRecord(e));
      const idOf = (r: CsvRecord) => (typeof r.locationId === "string" ? r.locationId : null);
      const nameOf = await namesFor(records.map(idOf));
      yield records.map((r) => ({ ...r, locationName: nameOf(idOf(r)) }));
    }
  }
}
