// @ts-check
// Empties and migrates a database for a test run (vitest and Playwright both use it).
import { rmSync } from "node:fs";
import { applyMigrations, sqlitePath } from "../../lib/migrate/apply-migrations.mjs";
import { providerOf } from "../../lib/migrate/migrations.mjs";

/** @param {string} url */
export async function prepareTestDatabase(url) {
  if (providerOf(url) === "sqlite") {
    const file = sqlitePath(url);
    for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
  } else {
    const { default: pg } = await import("pg");
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;");
    await client.end();
  }
  await applyMigrations(url);
}
