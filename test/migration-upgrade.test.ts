// Upgrading a database that already holds data: the later migrations' hand-written
// backfills (duplicates counter, per-day chart counts) must count what is there, and
// stored signature headers (once kept whole: a replay kit) end up shortened.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { applyMigrations } from "../scripts/lib/apply-migrations.mjs";
import { listMigrations } from "../scripts/lib/migrations.mjs";
import { env } from "@/lib/env";
import { shortenSignature } from "@/lib/highlevel/signature";

const fullGhl = `${"A".repeat(80)}wxyz==`;
const fullWh = `${"B".repeat(340)}9876`;
const signedHeaders = JSON.stringify({ "content-type": "application/json", "x-ghl-signature": fullGhl, "x-wh-signature": fullWh });
const headersOf = (key: string) => (key === "a" ? signedHeaders : key === "b" ? JSON.stringify({ "x-ghl-signature": "short" }) : "{}");

const columns = `("dedupeKey","kind","type","occurredAt","receivedAt","lastSeenAt","duplicateCount","verification","route","headers","rawBody","bodySize")`;

async function withFirstMigrationOnly(provider: "sqlite" | "postgresql") {
  const first = listMigrations(provider)[0];
  if (!first) throw new Error("no migrations");
  if (provider === "sqlite") {
    const url = `file:${join(mkdtempSync(join(tmpdir(), "am-upgrade-")), "db.sqlite")}`;
    const { default: Database } = await import("better-sqlite3");
    const db = new Database(url.slice("file:".length));
    db.exec(first.sql);
    const row = (key: string, type: string | null, at: string, dups: number) =>
      db.prepare(`INSERT INTO "Event" ${columns} VALUES (?, 'other', ?, ?, ?, ?, ?, 'ed25519', 'generic', ?, x'7b7d', 2)`).run(key, type, at, at, at, dups, headersOf(key));
    row("a", "ContactCreate", "2026-03-01T10:00:00.000+00:00", 2);
    row("b", "ContactCreate", "2026-03-01T11:00:00.000+00:00", 0);
    row("c", null, "2026-03-02T09:00:00.000+00:00", 1);
    recordAsApplied(db, first);
    db.close();
    return url;
  }
  const { default: pg } = await import("pg");
  const admin = new pg.Client({ connectionString: env().DATABASE_URL });
  await admin.connect();
  await admin.query("DROP DATABASE IF EXISTS monitor_upgrade_test");
  await admin.query("CREATE DATABASE monitor_upgrade_test");
  await admin.end();
  const url = env().DATABASE_URL.replace(/\/[^/?]+(\?|$)/, "/monitor_upgrade_test$1");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(first.sql);
  const insert = `INSERT INTO "Event" ${columns} VALUES ($1,'other',$2,$3,$3,$3,$4,'ed25519','generic',$5,'\\x7b7d',2)`;
  await client.query(insert, ["a", "ContactCreate", "2026-03-01T10:00:00Z", 2, headersOf("a")]);
  await client.query(insert, ["b", "ContactCreate", "2026-03-01T11:00:00Z", 0, headersOf("b")]);
  await client.query(insert, ["c", null, "2026-03-02T09:00:00Z", 1, headersOf("c")]);
  await client.query(
    `CREATE TABLE "_prisma_migrations" ("id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ, "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ, "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`,
  );
  await client.query(`INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) VALUES ('x', $1, now(), $2, 1)`, [first.checksum, first.name]);
  await client.end();
  return url;
}

/** Records the first migration as applied, in the table and format the app's migrator uses. */
function recordAsApplied(db: import("better-sqlite3").Database, first: { name: string; checksum: string }) {
  db.exec(`CREATE TABLE "_prisma_migrations" ("id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL, "finished_at" DATETIME, "migration_name" TEXT NOT NULL, "logs" TEXT, "rolled_back_at" DATETIME, "started_at" DATETIME NOT NULL DEFAULT current_timestamp, "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0)`);
  db.prepare(`INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) VALUES ('x', ?, ?, ?, 1)`).run(first.checksum, Date.now(), first.name);
}

async function readBack(url: string) {
  if (url.startsWith("file:")) {
    const { default: Database } = await import("better-sqlite3");
    const db = new Database(url.slice("file:".length));
    const counter = db.prepare(`SELECT "value" FROM "Counter" WHERE "name" = 'duplicates'`).get() as { value: number };
    const days = db.prepare(`SELECT "day", "type", "count" FROM "EventDay" ORDER BY 1, 2`).all();
    const headers = db.prepare(`SELECT "headers" FROM "Event" ORDER BY "dedupeKey"`).all() as { headers: string }[];
    db.close();
    return { duplicates: counter.value, days, headers: headers.map((h) => JSON.parse(h.headers) as unknown) };
  }
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const counter = await client.query(`SELECT "value" FROM "Counter" WHERE "name" = 'duplicates'`);
  const days = await client.query(`SELECT "day", "type", "count" FROM "EventDay" ORDER BY 1, 2`);
  const headers = await client.query(`SELECT "headers" FROM "Event" ORDER BY "dedupeKey"`);
  await client.end();
  return { duplicates: counter.rows[0].value, days: days.rows, headers: headers.rows.map((h: { headers: string }) => JSON.parse(h.headers) as unknown) };
}

describe("upgrading a populated database", () => {
  it("backfills the duplicates counter and the per-day counts from the events already stored", async () => {
    const url = await withFirstMigrationOnly(env().databaseKind);
    const applied = await applyMigrations(url);
    expect(applied.length).toBe(listMigrations(env().databaseKind).length - 1);
    expect(await readBack(url)).toEqual({
      duplicates: 3,
      days: [
        { day: "2026-03-01", type: "ContactCreate", count: 2 },
        { day: "2026-03-02", type: "unclassified", count: 1 },
      ],
      headers: [
        { "content-type": "application/json", "x-ghl-signature": shortenSignature(fullGhl), "x-wh-signature": shortenSignature(fullWh) },
        { "x-ghl-signature": "short" },
        {},
      ],
    });
  });
});
