// @ts-check
// Applies the committed migrations at start-up with the bare database drivers,
// recording them in Prisma's own `_prisma_migrations` table and format. No Prisma
// CLI (and so no native engine download) is involved.
import { resolve } from "node:path";
import { randomUUID } from "node:crypto";
import { listMigrations, providerOf } from "./migrations.mjs";
import { prepareSqliteFile, secureSqliteFiles } from "../private-files.mjs";

/** @typedef {import("./migrations.mjs").Migration} Migration */
/** @typedef {{ migration_name: string, checksum: string }} AppliedRow A row of `_prisma_migrations`. */

// Prisma migrate's advisory lock id: instances starting together take turns.
const LOCK_ID = 72707369;

const ddl = {
  sqlite: `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL, "finished_at" DATETIME,
    "migration_name" TEXT NOT NULL, "logs" TEXT, "rolled_back_at" DATETIME,
    "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0)`,
  postgresql: `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ,
    "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ,
    "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`,
};

/**
 * The SQLite file a `file:` URL names, resolved like the app's adapter does (from the cwd).
 * @param {string} url
 */
export function sqlitePath(url) {
  const path = url.slice("file:".length).split("?")[0] ?? "";
  return path === ":memory:" ? path : resolve(path);
}

/**
 * @param {AppliedRow[]} applied
 * @param {Migration[]} migrations
 */
function checkApplied(applied, migrations) {
  for (const row of applied) {
    const known = migrations.find((m) => m.name === row.migration_name);
    if (!known) throw new Error(`The database has migration ${row.migration_name}, which this version does not know. Is the app older than the database?`);
    if (known.checksum !== row.checksum) throw new Error(`Migration ${row.migration_name} was changed after it was applied.`);
  }
}

/**
 * @param {string} url
 * @param {Migration[]} migrations
 * @returns {Promise<string[]>}
 */
async function migrateSqlite(url, migrations) {
  const { default: Database } = await import("better-sqlite3");
  const file = sqlitePath(url);
  // Created 0600 before SQLite sees it (SQLite would make it 0644), and tightened if looser.
  if (file !== ":memory:") prepareSqliteFile(file);
  const db = new Database(file, { timeout: 10_000 });
  try {
    // WAL lets readers run beside the writer and is about 2x faster to ingest;
    // the mode is stored in the file, so setting it here covers every connection.
    db.pragma("journal_mode = WAL");
    if (file !== ":memory:") secureSqliteFiles(file); // -wal and -shm left by an older install
    db.exec(ddl.sqlite);
    const applied = /** @type {AppliedRow[]} */ (
      db.prepare(`SELECT migration_name, checksum FROM "_prisma_migrations" WHERE rolled_back_at IS NULL AND finished_at IS NOT NULL`).all()
    );
    checkApplied(applied, migrations);
    const done = new Set(applied.map((r) => r.migration_name));
    const names = [];
    for (const m of migrations.filter((m) => !done.has(m.name))) {
      db.transaction(() => {
        db.exec(m.sql);
        db.prepare(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES (?, ?, ?, ?, ?, 1)`,
        ).run(randomUUID(), m.checksum, Date.now(), m.name, Date.now());
      }).immediate();
      names.push(m.name);
    }
    return names;
  } finally {
    db.close();
  }
}

/**
 * @param {string} url
 * @param {Migration[]} migrations
 * @returns {Promise<string[]>}
 */
async function migratePostgres(url, migrations) {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [LOCK_ID]);
    await client.query(ddl.postgresql);
    const { rows: applied } = /** @type {import("pg").QueryResult<AppliedRow>} */ (
      await client.query(`SELECT migration_name, checksum FROM "_prisma_migrations" WHERE rolled_back_at IS NULL AND finished_at IS NOT NULL`)
    );
    checkApplied(applied, migrations);
    const done = new Set(applied.map((r) => r.migration_name));
    const names = [];
    for (const m of migrations.filter((m) => !done.has(m.name))) {
      await client.query("BEGIN");
      try {
        await client.query(m.sql);
        await client.query(`INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) VALUES ($1, $2, now(), $3, 1)`, [
          randomUUID(),
          m.checksum,
          m.name,
        ]);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(`Migration ${m.name} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      names.push(m.name);
    }
    return names;
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [LOCK_ID]).catch(() => {});
    await client.end();
  }
}

/**
 * Applies every pending migration for the database at `url`; returns the names applied.
 * @param {string} url
 * @returns {Promise<string[]>}
 */
export async function applyMigrations(url) {
  const provider = providerOf(url);
  const migrations = listMigrations(provider);
  if (migrations.length === 0) throw new Error(`No migrations found for ${provider}`);
  return provider === "sqlite" ? migrateSqlite(url, migrations) : migratePostgres(url, migrations);
}
