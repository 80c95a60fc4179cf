// Writes a generated data set (generate.mjs) into a freshly migrated database with
// the bare drivers, the fast way: secondary indexes are dropped first and rebuilt
// from their own stored DDL afterwards (same names and definitions as the
// migrations), rows go in big transactions (SQLite) or unnest() multi-row INSERTs
// (PostgreSQL; pg-copy-streams is not a dependency of this project).
import { now } from "../../lib/harness/clock.mjs";
import { log } from "./common.mjs";

const tables = ["Event", "Association", "Relation", "Location", "EventSearch"];
const eventColumns = [
  "id",
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
  "duplicateCount",
  "verification",
  "signedForm",
  "route",
  "headers",
  "rawBody",
  "bodySize",
];
const dateColumns = new Set(["eventTimestamp", "occurredAt", "receivedAt", "lastSeenAt", "firstSeenAt", "lastEventAt", "deletedAt", "stateAt"]);
const quote = (c) => `"${c}"`;

// The migration backfills the overview's duplicates counter from the events present
// then (none); rows seeded afterwards must be counted again, as the ingest would have.
// (WHERE true: SQLite needs it to parse an upsert from a SELECT.)
const counterSql = `INSERT INTO "Counter" ("name", "value") SELECT 'duplicates', COALESCE(SUM("duplicateCount"), 0) FROM "Event" WHERE true
  ON CONFLICT ("name") DO UPDATE SET "value" = excluded."value"`;

// The seeded derived rows already describe every seeded event: the projector starts
// after them (as the migration's backfill does for an upgraded database).
const projectorSql = `UPDATE "ProjectorState" SET "position" = (SELECT COALESCE(MAX("id"), 0) FROM "Event") WHERE "name" = 'main'`;

// The body search index (derived, normally written by the projector, which starts
// after the seeded events): filled from the seeded bodies, as the migration's backfill does.
const searchSql = {
  sqlite: `INSERT INTO "EventSearch" (rowid, "body") SELECT "id", CAST("rawBody" AS TEXT) FROM "Event"`,
  postgresql: `INSERT INTO "EventSearch" ("eventId", "body") SELECT "id", convert_from("rawBody", 'UTF8') FROM "Event"`,
};

// The per-day chart rollup, likewise recomputed from the seeded events.
const eventDaySql = (day) => `INSERT INTO "EventDay" ("day", "type", "count")
  SELECT ${day}, COALESCE("type", 'unclassified'), COUNT(*) FROM "Event" WHERE true GROUP BY 1, 2
  ON CONFLICT ("day", "type") DO UPDATE SET "count" = excluded."count"`;

// SQLite DateTime columns hold Prisma's text form, e.g. 2026-11-30T01:07:12.114+00:00.
const sqliteDate = (ms) => (ms === null ? null : new Date(ms).toISOString().replace("Z", "+00:00"));
const pgDate = (ms) => (ms === null ? null : new Date(ms).toISOString());

export async function seed(kind, url, data) {
  const started = now();
  if (kind === "sqlite") await seedSqlite(url, data);
  else await seedPostgres(url, data);
  log(`seeded ${kind}: ${JSON.stringify(data.counts)} in ${((now() - started) / 1000).toFixed(1)} s`);
}

async function seedSqlite(url, data) {
  const { default: Database } = await import("better-sqlite3");
  const db = new Database(url.slice("file:".length));
  try {
    // Only for loading: a crash would just mean seeding again.
    db.pragma("synchronous = OFF");
    db.pragma("cache_size = -262144");
    const indexes = db
      .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${tables.map(() => "?").join(",")})`)
      .all(...tables);
    for (const { name } of indexes) db.exec(`DROP INDEX ${quote(name)}`);
    const insert = (table, columns) => {
      const stmt = db.prepare(`INSERT INTO ${quote(table)} (${columns.map(quote).join(",")}) VALUES (${columns.map(() => "?").join(",")})`);
      const dated = columns.map((c) => dateColumns.has(c));
      return db.transaction((rows) => {
        for (const row of rows) stmt.run(row.map((v, i) => (dated[i] ? sqliteDate(v) : v)));
      });
    };
    const insertEvents = insert("Event", eventColumns);
    for (const batch of data.eventRows(20_000)) insertEvents(batch);
    for (const [table, rows] of [
      ["Association", data.associationRows],
      ["Relation", data.relationRows],
      ["Location", data.locationRows],
    ]) {
      const columns = Object.keys(rows[0]);
      const write = insert(table, columns);
      for (let i = 0; i < rows.length; i += 20_000) write(rows.slice(i, i + 20_000).map((r) => columns.map((c) => r[c])));
    }
    if (db.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'Counter'`).get()) db.exec(counterSql);
    if (db.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'EventDay'`).get()) db.exec(eventDaySql(`substr("receivedAt", 1, 10)`));
    if (db.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'ProjectorState'`).get()) db.exec(projectorSql);
    if (db.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'EventSearch'`).get()) {
      log("sqlite: indexing bodies for search");
      db.exec(searchSql.sqlite);
    }
    log("sqlite: rows written, rebuilding indexes");
    for (const { sql } of indexes) db.exec(sql);
    // No ANALYZE: the app never runs it, so a real database has no planner statistics either.
    db.pragma("wal_checkpoint(TRUNCATE)");
  } finally {
    db.close();
  }
}

/** PostgreSQL array element types for unnest(), per column kind. */
function pgType(column, sample) {
  if (dateColumns.has(column)) return "timestamp(3)";
  if (typeof sample === "number") return "int";
  return "text";
}

async function seedPostgres(url, data) {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SET synchronous_commit = off; SET maintenance_work_mem = '256MB'");
    const { rows: indexes } = await client.query(
      `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = ANY($1) AND indexname NOT LIKE '%\\_pkey'`,
      [tables],
    );
    for (const { indexname } of indexes) await client.query(`DROP INDEX ${quote(indexname)}`);

    // One INSERT … SELECT FROM unnest($1::type[], …) per batch: one round trip for thousands of rows.
    const insert = async (table, columns, rows, types) => {
      const arrays = columns.map((c, i) => rows.map((r) => (dateColumns.has(c) ? pgDate(r[i]) : r[i])));
      const selectList = columns.map((c, i) => (c === "rawBody" ? `convert_to(c${i}, 'UTF8')` : `c${i}`)).join(", ");
      const unnest = columns.map((_, i) => `$${i + 1}::${types[i]}[]`).join(", ");
      const aliases = columns.map((_, i) => `c${i}`).join(", ");
      await client.query(`INSERT INTO ${quote(table)} (${columns.map(quote).join(",")}) SELECT ${selectList} FROM unnest(${unnest}) AS t(${aliases})`, arrays);
    };
    const eventTypes = eventColumns.map((c) => (c === "rawBody" ? "text" : pgType(c, ["id", "duplicateCount", "bodySize"].includes(c) ? 0 : "")));
    // One INSERT in flight while the next batch is generated: both cores stay busy.
    let pending = Promise.resolve();
    for (const batch of data.eventRows(5000)) {
      const rows = batch.map((row) => row.map((v, i) => (eventColumns[i] === "rawBody" ? v.toString("utf8") : v)));
      await pending;
      pending = insert("Event", eventColumns, rows, eventTypes);
    }
    await pending;
    for (const [table, rows] of [
      ["Association", data.associationRows],
      ["Relation", data.relationRows],
      ["Location", data.locationRows],
    ]) {
      const columns = Object.keys(rows[0]);
      const types = columns.map((c) => pgType(c, rows[0][c]));
      for (let i = 0; i < rows.length; i += 5000)
        await insert(
          table,
          columns,
          rows.slice(i, i + 5000).map((r) => columns.map((c) => r[c])),
          types,
        );
    }
    if ((await client.query(`SELECT to_regclass('"Counter"') AS t`)).rows[0].t) await client.query(counterSql);
    if ((await client.query(`SELECT to_regclass('"EventDay"') AS t`)).rows[0].t) await client.query(eventDaySql(`to_char("receivedAt", 'YYYY-MM-DD')`));
    if ((await client.query(`SELECT to_regclass('"ProjectorState"') AS t`)).rows[0].t) await client.query(projectorSql);
    if ((await client.query(`SELECT to_regclass('"EventSearch"') AS t`)).rows[0].t) {
      log("postgresql: copying bodies for search (the trigram index is rebuilt with the others)");
      await client.query(searchSql.postgresql);
    }
    log("postgresql: rows written, rebuilding indexes");
    for (const { indexdef } of indexes) await client.query(indexdef);
    // Explicit ids bypassed the sequence: move it past them, or the app's next insert collides.
    await client.query(`SELECT setval(pg_get_serial_sequence('"Event"', 'id'), (SELECT max(id) FROM "Event"))`);
    // What autovacuum does soon after a bulk load anyway; done now so plans don't change mid-run.
    await client.query("VACUUM ANALYZE");
  } finally {
    await client.end();
  }
}
