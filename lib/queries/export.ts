// Reads for the CSV exports: the whole filtered set, walked in batches by keyset
// (same where-builders and order as the JSON API), as async generators, so a
// million rows are never in memory at once and no row is repeated or skipped even
// while new deliveries arrive.
import type { Prisma } from "../generated/postgresql/client";
import { db } from "../db";
import { nullableAssociationSortKeys, type AssociationFilters } from "../filters/associations";
import type { EventFilters } from "../filters/events";
import type { RelationFilters } from "../filters/relations";
import type { CsvRecord } from "../csv";
import { associationSelect, associationWhere, type AssociationListRow } from "./associations";
import { amongIds, searchRows } from "./event-search";
import { eventWhere } from "./events";
import { locationFilterIds, locationNameCache } from "./location-profiles";
import { relationSelect, relationWhere, type RelationListRow } from "./relations";
import { afterCursor, orderByFor, type SortSpec } from "./keyset";

/**
 * Rows per query, and for events the most raw-body bytes read at once (bodies reach
 * 1 MiB, so 1,000 rows could be a gigabyte). A setting object (not constants) so
 * tests can lower them.
 */
export const exportSettings = { batchSize: 1000, maxBatchBytes: 16 * 1024 * 1024 };

/** Paging parameters of the JSON API that an export ignores: it is always the whole set. */
export const pagingParams = ["cursor", "before", "limit"] as const;
type Paging = (typeof pagingParams)[number];

type CursorValue = Parameters<typeof afterCursor>[1][0];

interface WalkOptions<K extends string, T> {
  sort: SortSpec<K>;
  nullable: boolean;
  batchSize: number;
  fetch: (seek: Record<string, unknown>, orderBy: Record<string, unknown>[], take: number) => Promise<T[]>;
  /** The (sort value, id) of a row, the keyset position the next batch starts after. */
  positionOf: (row: T) => [CursorValue, string | number];
}

/** Every row in order, one batch per query; a short batch means the end. */
async function* walk<K extends string, T>(o: WalkOptions<K, T>): AsyncGenerator<T[]> {
  const orderBy = orderByFor(o.sort, o.nullable);
  let last: T | undefined;
  for (;;) {
    const seek = last === undefined ? {} : afterCursor(o.sort, o.positionOf(last), o.nullable);
    const rows = await o.fetch(seek, orderBy, o.batchSize);
    if (rows.length > 0) yield rows;
    last = rows.at(-1);
    if (rows.length < o.batchSize || last === undefined) return;
  }
}

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
export const associationExportColumns = [...(Object.keys(associationSelect) as (keyof typeof associationSelect)[]), "locationName"] as const;

export async function* associationExportBatches(
  f: Omit<AssociationFilters, Paging>,
  batchSize = exportSettings.batchSize,
): AsyncGenerator<AssociationListRow[]> {
  const prisma = await db();
  const where = associationWhere(f, await locationFilterIds(f.locationId));
  yield* named(walk({
    sort: f.sort,
    nullable: nullableAssociationSortKeys.has(f.sort.key),
    batchSize,
    fetch: (seek, orderBy, take) =>
      prisma.association.findMany({
        where: { AND: [where, seek] },
        orderBy: orderBy as Prisma.AssociationOrderByWithRelationInput[],
        select: associationSelect,
        take,
      }),
    positionOf: (r) => [r[f.sort.key], r.id],
  }));
}

/** Relations: the API row fields, newest event first (the order of listRelations). */
export const relationExportColumns = [...(Object.keys(relationSelect) as (keyof typeof relationSelect)[]), "locationName"] as const;
const relationOrder = { key: "lastEventAt" as const, desc: true };

export async function* relationExportBatches(
  f: Omit<RelationFilters, Paging>,
  batchSize = exportSettings.batchSize,
): AsyncGenerator<RelationListRow[]> {
  const prisma = await db();
  const where = relationWhere(f, await locationFilterIds(f.locationId));
  yield* named(walk({
    sort: relationOrder,
    nullable: false,
    batchSize,
    fetch: (seek, orderBy, take) =>
      prisma.relation.findMany({
        where: { AND: [where, seek] },
        orderBy: orderBy as Prisma.RelationOrderByWithRelationInput[],
        select: relationSelect,
        take,
      }),
    positionOf: (r) => [r.lastEventAt, r.id],
  }));
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

/** The stored body as an object; anything else (never stored, but old rows may differ) reads as empty. */
function bodyObject(raw: Uint8Array): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(raw).toString("utf8"));
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

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
  const body = bodyObject(e.rawBody);
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
  f: Omit<EventFilters, Paging>,
  batchSize = exportSettings.batchSize,
  maxBytes = exportSettings.maxBatchBytes,
): AsyncGenerator<CsvRecord[]> {
  const prisma = await db();
  const locationIds = await locationFilterIds(f.locationId);
  const where = eventWhere(f, locationIds);
  const namesFor = locationNameCache();
  const search = f.q;
  const positions = walk({
    sort: { key: "id" as const, desc: true },
    nullable: false,
    // A body search re-reads each run by its id list (below), kept under Prisma's SQLite parameter limit.
    batchSize: search ? Math.min(batchSize, 500) : batchSize,
    fetch: (seek, orderBy, take) => {
      const read = (extra: Prisma.EventWhereInput, n: number) =>
        prisma.event.findMany({ where: { AND: [where, extra] }, orderBy: orderBy as Prisma.EventOrderByWithRelationInput[], select: { id: true, bodySize: true }, take: n });
      if (!search) return read(seek, take);
      // walk's seek on the id order is { id: { lt: last } } (or nothing for the first batch).
      const bound = (seek as { id?: { lt?: number } }).id?.lt;
      return searchRows(search, { desc: true, bound, locationIds }, take, (ids, n) =>
        amongIds(ids, n, true, (among) => prisma.event.findMany({ where: { AND: [where, among] }, select: { id: true, bodySize: true } })),
      );
    },
    positionOf: (r) => [null, r.id],
  });
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
