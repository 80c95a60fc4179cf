// For every read that missed its target: the SQL the app runs for it (as Prisma
// writes it, captured with query logging), its plan (SQLite: EXPLAIN QUERY PLAN;
// PostgreSQL: EXPLAIN ANALYZE) and its time with the bare driver, so the report can
// tell the database's share of the request from the app's.
import { now } from "../../lib/harness/clock.mjs";
import { quantile, round } from "../../lib/harness/stats.mjs";
import { associationList } from "./list-spec.mjs";

const cols = [
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
]
  .map((c) => `"${c}"`)
  .join(", ");
const list = (where, order) => `SELECT ${cols} FROM "Association" ${where} ORDER BY ${order} LIMIT 51`;
const NEWEST = `"lastEventAt" DESC, "id" DESC`;

/** The sort keys whose column may be null (nulls sort last), from the app's own list spec. */
async function nullableKeys() {
  const { sortKeys } = await associationList();
  return new Set(Object.keys(sortKeys).filter((key) => sortKeys[key].nullable));
}

/** The statements behind one read case, as [sql, params] pairs. */
function statements(db, c, reads, nullable) {
  const pg = db === "postgresql";
  const like = pg ? "ILIKE" : "LIKE";
  const date = (iso) => (pg ? iso : iso.replace("Z", "+00:00")); // SQLite stores Prisma's +00:00 text form
  const loc = reads.locationId;
  if (c.id === "list") return [[list("", NEWEST), []]];
  if (c.id === "location") return [[list(`WHERE "locationId" = ?`, NEWEST), [loc]]];
  if (c.id === "search") {
    const text = `("key" ${like} '%' || ? || '%' OR "firstObjectLabel" ${like} '%' || ? || '%' OR "secondObjectLabel" ${like} '%' || ? || '%' OR "id" = ?)`;
    return [[list(`WHERE "locationId" = ? AND ${text}`, NEWEST), [loc, "buyer", "buyer", "buyer", "buyer"]]];
  }
  if (c.id.startsWith("sort:")) {
    const key = c.id.slice(5);
    if (key === "id") return [[list("", `"id" ASC`), []]];
    const order = !nullable.has(key)
      ? `"${key}" ASC, "id" ASC`
      : pg
        ? `"${key}" ASC NULLS LAST, "id" ASC`
        : `CASE WHEN "${key}" IS NULL THEN 1 ELSE 0 END, "${key}" ASC, "id" ASC`;
    return [[list("", order), []]];
  }
  if (c.id === "deep" && c.path) {
    const cursor = new URL(`http://x${c.path}`).searchParams.get("cursor");
    const [value, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    return [[list(`WHERE ("lastEventAt" < ? OR ("lastEventAt" = ? AND "id" < ?))`, NEWEST), [date(value), date(value), id]]];
  }
  if (c.id === "detail") {
    // One history page (newest first by id), then the diff's backwards read in event time.
    return [
      [
        `SELECT "id", "type", "occurredAt", "eventTimestamp", "receivedAt", "verification", "duplicateCount", "rawBody" FROM "Event" WHERE "subjectId" = ? AND "kind" = 'association' ORDER BY "id" DESC LIMIT 51`,
        [reads.detailId],
      ],
      [
        `SELECT "id", "type", "occurredAt" FROM "Event" WHERE "subjectId" = ? AND "kind" = 'association' ORDER BY "occurredAt" DESC, "id" DESC LIMIT 16`,
        [reads.detailId],
      ],
    ];
  }
  if (c.id === "locations") return [[`SELECT * FROM "Location" ORDER BY "lastEventAt" DESC, "locationId" DESC LIMIT 51`, []]];
  if (c.id === "overview") {
    const since = new Date(Date.now() - 14 * 86_400_000);
    since.setUTCHours(0, 0, 0, 0);
    const day = pg ? `to_char("receivedAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD')` : `substr("receivedAt", 1, 10)`;
    return [
      [`SELECT SUM("relations"), SUM("events"), MAX("lastEventAt") FROM "Location"`, []],
      [`SELECT COUNT(*), "status" FROM "Association" GROUP BY "status"`, []],
      [`SELECT ${day} AS day, "type", COUNT(*) FROM "Event" WHERE "receivedAt" >= ? GROUP BY 1, 2 ORDER BY 1`, [date(since.toISOString())]],
      [`SELECT "id", "type", "kind", "locationId", "subjectId", "receivedAt", "verification", "duplicateCount" FROM "Event" ORDER BY "id" DESC LIMIT 10`, []],
      [`SELECT * FROM "Location" ORDER BY "events" DESC LIMIT 8`, []],
    ];
  }
  if (c.id === "page" || c.id === "page-location") {
    const where = c.id === "page" ? "" : `WHERE "locationId" = ?`;
    const params = c.id === "page" ? [] : [loc];
    return [
      [`SELECT COUNT(*) FROM "Association" ${where}`, params],
      [list(where, NEWEST), params],
      [`SELECT "locationId" FROM "Location" ORDER BY "events" DESC LIMIT 500`, []],
      [`SELECT "firstObjectKey" FROM "Association" GROUP BY "firstObjectKey" ORDER BY "firstObjectKey" ASC LIMIT 200`, []],
    ];
  }
  return [];
}

async function driver(db, url) {
  if (db === "sqlite") {
    const { default: Database } = await import("better-sqlite3");
    const conn = new Database(url.slice("file:".length), { readonly: true });
    return {
      run: async (sql, params) => conn.prepare(sql).all(...params),
      plan: async (sql, params) =>
        conn
          .prepare(`EXPLAIN QUERY PLAN ${sql}`)
          .all(...params)
          .map((r) => `${r.id}|${r.parent}| ${r.detail}`)
          .join("\n"),
      close: async () => conn.close(),
    };
  }
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const numbered = (sql) => {
    let i = 0;
    return sql.replace(/\?/g, () => `$${++i}`);
  };
  return {
    run: async (sql, params) => (await client.query(numbered(sql), params)).rows,
    plan: async (sql, params) => (await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${numbered(sql)}`, params)).rows.map((r) => r["QUERY PLAN"]).join("\n"),
    close: () => client.end(),
  };
}

export async function explainSlowReads({ db, url, reads }) {
  // Pages without a target are explained from 200 ms p95 (the overview's target).
  const limit = (r) => Number(/< (\d+) ms/.exec(r.target)?.[1] ?? 200);
  const missed = reads.results.filter((r) => r.error || r.p95 >= limit(r));
  if (!missed.length) return [];
  const nullable = await nullableKeys();
  const conn = await driver(db, url);
  const out = [];
  try {
    for (const c of missed) {
      for (const [sql, params] of statements(db, c, reads, nullable)) {
        const times = [];
        for (let i = 0; i < 5; i++) {
          const t = now();
          await conn.run(sql, params);
          times.push(now() - t);
        }
        out.push({ case: c.name, sql, params, bareMsP50: round(quantile(times, 0.5)), plan: await conn.plan(sql, params) });
      }
    }
  } finally {
    await conn.close();
  }
  return out;
}
