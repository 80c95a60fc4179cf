// The acknowledgement's transaction: append a batch of verified deliveries to the
// event log, and nothing else (projection happens later, lib/projector/). One
// transaction and one fsync per batch (group commit, see ingest-queue.ts).
//
// Dedupe is exact under concurrency because it rests on the unique index on
// Event.dedupeKey (INSERT … ON CONFLICT DO NOTHING), never on a read-then-write.
// Repeats within a batch are folded here; a repeat of a stored event bumps that
// event's duplicateCount and answers with its id.
//
// Commit order = id order, which the projector relies on (it reads `id > position`):
// SQLite has one writer; PostgreSQL takes sequence values before commit, so every
// append transaction first takes one transaction-scoped advisory lock, and ids are
// drawn only while it is held. A transaction that took ids 100-110 has committed
// before the next one can draw 111. Batches are large under load, so the lock costs
// little.
import type { PoolClient } from "pg";
import { withWriteLock } from "../db";
import { appendDriver, type SqliteStatements } from "./append-driver";
import type { SqliteAppendThread } from "./sqlite-append-thread";
import type { IncomingEvent, RecordResult } from "./ingest-types";

const LOG_LOCK_ID = 72707370;

const columns = [
  "dedupeKey",
  "webhookId",
  "type",
  "kind",
  "locationId",
  "subjectId",
  "associationId",
  "eventTimestamp",
  "occurredAt",
  "receivedAt",
  "lastSeenAt",
  "verification",
  "signedForm",
  "route",
  "headers",
  "rawBody",
  "bodySize",
  "receivedSha256",
  "receivedSize",
] as const;
const dateColumns = new Set<string>(["eventTimestamp", "occurredAt", "receivedAt", "lastSeenAt"]);
const quoted = columns.map((c) => `"${c}"`).join(", ");

type Value = string | number | Uint8Array | Date | null;
type Column = (typeof columns)[number];

/** The event's row: each column with its value, in `columns` order. */
function rowOf(ev: IncomingEvent): [Column, Value][] {
  const row: Record<Column, Value> = {
    dedupeKey: ev.dedupeKey,
    webhookId: ev.webhookId,
    type: ev.type,
    kind: ev.kind,
    locationId: ev.locationId,
    subjectId: ev.subjectId,
    associationId: ev.associationId,
    eventTimestamp: ev.eventTimestamp,
    occurredAt: ev.eventTimestamp ?? ev.receivedAt,
    receivedAt: ev.receivedAt,
    lastSeenAt: ev.receivedAt,
    verification: ev.verification,
    signedForm: ev.signedForm,
    route: ev.route,
    headers: JSON.stringify(ev.headers),
    rawBody: Buffer.from(ev.rawBody.buffer, ev.rawBody.byteOffset, ev.rawBody.byteLength),
    bodySize: ev.rawBody.byteLength,
    receivedSha256: ev.received?.sha256 ?? null,
    receivedSize: ev.received?.size ?? null,
  };
  return columns.map((c) => [c, row[c]]);
}

// Prisma's own encodings, so its reads find what we wrote: SQLite DateTime is ISO
// 8601 text with "+00:00"; PostgreSQL timestamp(3) without zone holds UTC.
const sqliteDate = (d: Date) => d.toISOString().replace("Z", "+00:00");
const pgDate = (d: Date) => d.toISOString().replace("T", " ").replace("Z", "");
const encode = ([column, value]: [Column, Value], date: (d: Date) => string) => (dateColumns.has(column) && value instanceof Date ? date(value) : value);

type Repeats = Map<string, { count: number; seenAt: Date }>;

interface Plan {
  fresh: IncomingEvent[]; // first occurrence of each key, in arrival order
  repeats: Repeats; // later occurrences per key
}

/** One more occurrence of `ev`'s key: count it, and keep the latest receive time. */
function addRepeat(repeats: Repeats, ev: IncomingEvent): void {
  const r = repeats.get(ev.dedupeKey);
  if (!r) repeats.set(ev.dedupeKey, { count: 1, seenAt: ev.receivedAt });
  else {
    r.count += 1;
    if (ev.receivedAt > r.seenAt) r.seenAt = ev.receivedAt;
  }
}

function plan(events: IncomingEvent[]): Plan {
  const seen = new Set<string>();
  const fresh: IncomingEvent[] = [];
  const repeats: Repeats = new Map();
  for (const ev of events) {
    if (seen.has(ev.dedupeKey)) addRepeat(repeats, ev);
    else {
      seen.add(ev.dedupeKey);
      fresh.push(ev);
    }
  }
  return { fresh, repeats };
}

/** Folds "inserted or not" back into one answer per delivery, in the batch's order. */
function answer(events: IncomingEvent[], inserted: Map<string, number>, existing: Map<string, number>): RecordResult[] {
  const answered = new Set<string>();
  return events.map((ev) => {
    const newId = inserted.get(ev.dedupeKey);
    if (newId !== undefined && !answered.has(ev.dedupeKey)) {
      answered.add(ev.dedupeKey);
      return { status: "stored", eventId: newId };
    }
    const id = newId ?? existing.get(ev.dedupeKey);
    if (id === undefined) throw new Error(`event ${ev.dedupeKey} was neither stored nor found`);
    return { status: "duplicate", eventId: id };
  });
}

/** Stored keys among the fresh ones become repeats of the stored event. */
function addStoredRepeats(p: Plan, inserted: Map<string, number>): Repeats {
  const all: Repeats = new Map([...p.repeats].map(([key, r]) => [key, { ...r }]));
  for (const ev of p.fresh) if (!inserted.has(ev.dedupeKey)) addRepeat(all, ev);
  return all;
}

const countOf = (repeats: Repeats) => [...repeats.values()].reduce((n, r) => n + r.count, 0);

const sqliteStatements: SqliteStatements = {
  insertSql: `INSERT INTO "Event" (${quoted}) VALUES (${columns.map(() => "?").join(", ")}) ON CONFLICT ("dedupeKey") DO NOTHING RETURNING "id"`,
  bumpSql: `UPDATE "Event" SET "duplicateCount" = "duplicateCount" + ?, "lastSeenAt" = max("lastSeenAt", ?) WHERE "dedupeKey" = ? RETURNING "id"`,
  counterSql: `INSERT INTO "Counter" ("name", "value") VALUES ('duplicates', ?) ON CONFLICT ("name") DO UPDATE SET "value" = "value" + excluded."value"`,
  keyIndex: columns.indexOf("dedupeKey"),
  seenIndex: columns.indexOf("lastSeenAt"),
};

async function appendSqlite(thread: SqliteAppendThread, events: IncomingEvent[]): Promise<RecordResult[]> {
  const p = plan(events);
  const rows = p.fresh.map((ev) => rowOf(ev).map((cell) => encode(cell, sqliteDate)));
  const repeats = [...p.repeats].map(([key, r]) => ({ key, count: r.count, seenAt: sqliteDate(r.seenAt) }));
  const result = await thread.append({ rows, repeats });
  const inserted = new Map<string, number>();
  p.fresh.forEach((ev, i) => {
    const id = result.inserted[i];
    if (id !== null && id !== undefined) inserted.set(ev.dedupeKey, id);
  });
  const existing = new Map<string, number>();
  result.repeatKeys.forEach((key, i) => {
    const id = result.bumped[i];
    if (id !== null && id !== undefined) existing.set(key, id);
  });
  return answer(events, inserted, existing);
}

/** Test hook: runs inside the append transaction just before COMMIT (PostgreSQL). */
export interface AppendHooks {
  beforeCommit?: (ids: number[]) => Promise<void>;
}

async function appendPostgres(client: PoolClient, events: IncomingEvent[], hooks: AppendHooks): Promise<RecordResult[]> {
  const p = plan(events);
  await client.query("BEGIN");
  try {
    await client.query("SELECT pg_advisory_xact_lock($1)", [LOG_LOCK_ID]);
    const params: Value[] = [];
    const tuples = p.fresh.map((ev) => {
      const cells = rowOf(ev);
      const start = params.length;
      params.push(...cells.map((cell) => encode(cell, pgDate)));
      return `(${cells
        .map(([column], i) => {
          const cast = dateColumns.has(column) ? "::timestamp(3)" : column === "bodySize" || column === "receivedSize" ? "::int" : "";
          return `$${start + i + 1}${cast}`;
        })
        .join(", ")})`;
    });
    const inserted = new Map<string, number>();
    if (tuples.length > 0) {
      const result = await client.query<{ id: number; dedupeKey: string }>(
        `INSERT INTO "Event" (${quoted}) VALUES ${tuples.join(", ")} ON CONFLICT ("dedupeKey") DO NOTHING RETURNING "id", "dedupeKey"`,
        params,
      );
      for (const row of result.rows) inserted.set(row.dedupeKey, Number(row.id));
    }
    const repeats = addStoredRepeats(p, inserted);
    const existing = new Map<string, number>();
    if (repeats.size > 0) {
      const keys = [...repeats.keys()];
      const result = await client.query<{ id: number; dedupeKey: string }>(
        `UPDATE "Event" AS e SET "duplicateCount" = e."duplicateCount" + v.n, "lastSeenAt" = GREATEST(e."lastSeenAt", v.seen)
         FROM unnest($1::text[], $2::int[], $3::timestamp(3)[]) AS v(k, n, seen)
         WHERE e."dedupeKey" = v.k RETURNING e."id", e."dedupeKey"`,
        [keys, keys.map((k) => repeats.get(k)?.count ?? 0), keys.map((k) => pgDate(repeats.get(k)?.seenAt ?? new Date()))],
      );
      for (const row of result.rows) existing.set(row.dedupeKey, Number(row.id));
      await client.query(
        `INSERT INTO "Counter" ("name", "value") VALUES ('duplicates', $1) ON CONFLICT ("name") DO UPDATE SET "value" = "Counter"."value" + excluded."value"`,
        [countOf(repeats)],
      );
    }
    const results = answer(events, inserted, existing);
    await hooks.beforeCommit?.([...inserted.values()]);
    await client.query("COMMIT");
    return results;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  }
}

/** Appends a batch in one transaction; one answer per delivery, in the batch's order. */
export async function appendBatch(events: IncomingEvent[], hooks: AppendHooks = {}): Promise<RecordResult[]> {
  const driver = await appendDriver(sqliteStatements);
  // The write lock is held while the thread commits, but the event loop is free.
  if (driver.kind === "sqlite") return withWriteLock(() => appendSqlite(driver.thread, events));
  const client = await driver.pool.connect();
  let broken = false;
  try {
    return await appendPostgres(client, events, hooks);
  } catch (error) {
    broken = true; // a client that failed mid-transaction is not handed out again
    throw error;
  } finally {
    client.release(broken);
  }
}
