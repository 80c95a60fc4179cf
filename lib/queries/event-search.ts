// Search inside stored bodies: a derived index kept by the projector (in its
// transaction) and emptied by reproject, like every projected table, so the
// receiver's write path stays one INSERT. Raw tables outside the Prisma schema
// (see the event_search migrations):
//   SQLite      "EventSearch": contentless FTS5, tokenize=trigram, rowid = Event.id
//   PostgreSQL  "EventSearch"("eventId", "body"), GIN gin_trgm_ops on body, ILIKE
// Both match any substring of 3+ characters. Deleting an event takes its entry with
// it (SQLite: a trigger; PostgreSQL: ON DELETE CASCADE), so retention needs no step.
import { empty, join, raw, sqltag as sql, type Sql } from "@prisma/client/runtime/client";
import { databaseKind, db } from "../db";
import { verbatimPart, type BodySearch, type PathSegment } from "../filters/body-search";
import type { Tx } from "./tx";

const lenient = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });

/** The text indexed for a body: as received (bodies are checked UTF-8 at ingest); NUL cannot be stored as PostgreSQL text. */
function bodyText(raw: Uint8Array): string {
  return lenient.decode(raw).replaceAll("\u0000", "");
}

/** Indexes the bodies of `rows` (the projector's batch) inside its transaction. */
export async function indexEventBodies(tx: Tx, rows: { id: number; rawBody: Uint8Array }[]): Promise<void> {
  if (rows.length === 0) return;
  // One JSON parameter for the batch: no bound-parameter limit, one statement.
  const batch = JSON.stringify(rows.map((r) => [r.id, bodyText(r.rawBody)]));
  if (databaseKind() === "sqlite") {
    // OR REPLACE: indexing an event twice (never expected) must not stop the projector.
    await tx.$executeRaw`INSERT OR REPLACE INTO "EventSearch" (rowid, "body")
      SELECT json_extract("value", '$[0]'), json_extract("value", '$[1]') FROM json_each(${batch})`;
  } else {
    await tx.$executeRaw`INSERT INTO "EventSearch" ("eventId", "body")
      SELECT CAST(e->>0 AS INTEGER), e->>1 FROM json_array_elements(CAST(${batch} AS json)) e
      ON CONFLICT ("eventId") DO UPDATE SET "body" = excluded."body"`;
  }
}

/** Empties the index (reproject refills it with the log). */
export async function clearEventSearch(tx: Tx): Promise<void> {
  if (databaseKind() === "sqlite") await tx.$executeRaw`INSERT INTO "EventSearch" ("EventSearch") VALUES ('delete-all')`;
  else await tx.$executeRaw`DELETE FROM "EventSearch"`;
}

/**
 * Which way to walk ids: newest first below `bound`, or oldest first above it.
 * `locationIds`: the location filter, applied inside the candidate query too, so a
 * common term in another location is not walked batch by batch only to be dropped.
 */
export interface IdSeek {
  desc: boolean;
  bound?: number;
  locationIds?: readonly string[];
}

const ftsPhrase = (term: string) => `"${term.replaceAll('"', '""')}"`;
const likePattern = (term: string) => `%${term.replace(/[\\%_]/g, "\\$&")}%`;

function seekSql(column: Sql, seek: IdSeek): { where: Sql; order: Sql } {
  const where = seek.bound === undefined ? empty : seek.desc ? sql`AND ${column} < ${seek.bound}` : sql`AND ${column} > ${seek.bound}`;
  return { where, order: seek.desc ? raw("DESC") : raw("ASC") };
}

/**
 * The location filter on the joined Event row. SQLite: one JSON parameter for the
 * list. PostgreSQL: the values themselves (at most LOCATION_FILTER_MAX_MATCHES), so
 * the planner can estimate them; an empty list matches nothing, as in Prisma.
 */
function locationSql(seek: IdSeek, sqlite: boolean): Sql {
  if (!seek.locationIds) return empty;
  if (sqlite) return sql`AND e."locationId" IN (SELECT "value" FROM json_each(${JSON.stringify(seek.locationIds)}))`;
  return seek.locationIds.length ? sql`AND e."locationId" IN (${join([...seek.locationIds])})` : sql`AND false`;
}

/** SQLite JSON path text, keys quoted: $."a"."b"[0]. Keys are [A-Za-z0-9_-] only (parseJsonPath). */
const sqlitePath = (path: PathSegment[]) => `$${path.map((s) => (typeof s === "number" ? `[${s}]` : `."${s}"`)).join("")}`;

/** The field's scalar value as text on SQLite: strings as they are, numbers as written, true/false; objects, arrays and null never match. */
function sqliteFieldText(body: Sql, path: string): Sql {
  return sql`(CASE WHEN json_valid(${body}) THEN (CASE json_type(${body}, ${path})
    WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' WHEN 'object' THEN NULL WHEN 'array' THEN NULL WHEN 'null' THEN NULL
    ELSE CAST(json_extract(${body}, ${path}) AS TEXT) END) END)`;
}

// PostgreSQL's jsonb refuses \u0000 and unpaired surrogate escapes that JSON allows:
// such (rare) bodies are left out of path searches instead of failing the query.
const jsonbUnsafe = "\\\\u(0000|[dD][89a-fA-F])";

/** Up to `limit` ids of events matching `search`, in `seek` order. Other filters are applied by the caller. */
export async function matchingEventIds(search: BodySearch, seek: IdSeek, limit: number): Promise<number[]> {
  const prisma = await db();
  const rows =
    databaseKind() === "sqlite"
      ? await prisma.$queryRaw<{ id: number | bigint }[]>(sqliteQuery(search, seek, limit))
      : await prisma.$queryRaw<{ id: number | bigint }[]>(postgresQuery(search, seek, limit));
  return rows.map((r) => Number(r.id));
}

function sqliteQuery(search: BodySearch, seek: IdSeek, limit: number): Sql {
  if (search.kind === "text") {
    const { where, order } = seekSql(raw(`"EventSearch".rowid`), seek);
    if (!seek.locationIds)
      return sql`SELECT rowid AS "id" FROM "EventSearch" WHERE "EventSearch" MATCH ${ftsPhrase(search.term)} ${where} ORDER BY rowid ${order} LIMIT ${limit}`;
    return sql`SELECT e."id" AS "id" FROM "EventSearch" JOIN "Event" e ON e."id" = "EventSearch".rowid
      WHERE "EventSearch" MATCH ${ftsPhrase(search.term)} ${where} ${locationSql(seek, true)} ORDER BY "EventSearch".rowid ${order} LIMIT ${limit}`;
  }
  const body = raw(`CAST(e."rawBody" AS TEXT)`);
  const check = sql`${sqliteFieldText(body, sqlitePath(search.path))} = ${search.value}`;
  const verbatim = verbatimPart(search.value);
  if (verbatim) {
    // The index narrows to bodies holding the value's text; the JSON check decides.
    const { where, order } = seekSql(raw(`"EventSearch".rowid`), seek);
    return sql`SELECT e."id" AS "id" FROM "EventSearch" JOIN "Event" e ON e."id" = "EventSearch".rowid
      WHERE "EventSearch" MATCH ${ftsPhrase(verbatim)} ${where} ${locationSql(seek, true)} AND ${check}
      ORDER BY "EventSearch".rowid ${order} LIMIT ${limit}`;
  }
  // Nothing to look up (a short or non-ASCII value): read bodies in id order.
  const { where, order } = seekSql(raw(`e."id"`), seek);
  return sql`SELECT e."id" AS "id" FROM "Event" e WHERE ${check} ${where} ${locationSql(seek, true)} ORDER BY e."id" ${order} LIMIT ${limit}`;
}

function postgresQuery(search: BodySearch, seek: IdSeek, limit: number): Sql {
  const { where, order } = seekSql(raw(`s."eventId"`), seek);
  const scoped = seek.locationIds ? sql`JOIN "Event" e ON e."id" = s."eventId" ${locationSql(seek, false)}` : empty;
  if (search.kind === "text") {
    return sql`SELECT s."eventId" AS "id" FROM "EventSearch" s ${scoped} WHERE s."body" ILIKE ${likePattern(search.term)} ${where}
      ORDER BY s."eventId" ${order} LIMIT ${limit}`;
  }
  const verbatim = verbatimPart(search.value);
  const prefilter = verbatim ? sql`AND s."body" ILIKE ${likePattern(verbatim)}` : empty;
  const path = sql`ARRAY[${join(search.path.map(String))}]::text[]`;
  // The text first (index), then the field: a LATERAL value is computed only for rows the index let through.
  return sql`SELECT s."eventId" AS "id" FROM "EventSearch" s ${scoped}
    CROSS JOIN LATERAL (SELECT CASE WHEN s."body" ~ ${jsonbUnsafe} THEN NULL ELSE CAST(s."body" AS jsonb) #> ${path} END AS "v") f
    WHERE true ${prefilter} ${where}
      AND jsonb_typeof(f."v") IN ('string', 'number', 'boolean') AND f."v" #>> '{}' = ${search.value}
    ORDER BY s."eventId" ${order} LIMIT ${limit}`;
}

/**
 * Rows of a search page: candidate ids from the index in seek order, then the
 * caller's normal query (its other filters) over those ids, batch after batch until
 * `take` rows are found or the candidates run out. A selective term ends in one
 * batch; a common term with a selective other filter reads more batches.
 */
export async function searchRows<T extends { id: number }>(
  search: BodySearch,
  seek: IdSeek,
  take: number,
  fetchAmong: (ids: number[], take: number) => Promise<T[]>,
): Promise<T[]> {
  const out: T[] = [];
  let bound = seek.bound;
  let batch = Math.min(Math.max(take * 2, 100), maxBatch);
  for (;;) {
    const ids = await matchingEventIds(search, { ...seek, bound }, batch);
    if (ids.length > 0) out.push(...(await fetchAmong(ids, take - out.length)));
    if (out.length >= take || ids.length < batch) return out.slice(0, take);
    bound = ids.at(-1);
    batch = Math.min(batch * 2, maxBatch);
  }
}

/**
 * The first `take` rows, in id order, of those `read` finds among `ids`. The query has
 * no ORDER BY on purpose: with one, a filter like locationId lets the planner walk
 * that location's (locationId, id) index in id order and test every row against the
 * list, instead of fetching the few listed ids by primary key.
 */
export async function amongIds<T extends { id: number }>(
  ids: number[],
  take: number,
  desc: boolean,
  read: (among: { id: { in: number[] } }) => Promise<T[]>,
): Promise<T[]> {
  const rows = await read({ id: { in: ids } });
  return rows.sort((a, b) => (desc ? b.id - a.id : a.id - b.id)).slice(0, take);
}

// An `id IN (…)` list stays under Prisma's SQLite bound-parameter limit.
const maxBatch = 800;
