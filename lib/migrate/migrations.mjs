// @ts-check
// The committed migrations: prisma/<provider>/migrations/<name>/migration.sql, each
// with schema.prisma, the schema it migrates to (the base of the next diff).
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** @typedef {"sqlite" | "postgresql"} Provider */
/**
 * @typedef {object} Migration
 * @property {string} name
 * @property {string} sql
 * @property {string} checksum
 * @property {string | null} schema The schema.prisma snapshot, when the migration has one.
 */

// Found beside this code, not from the working directory: npm start may run from anywhere.
const root = join(dirname(fileURLToPath(import.meta.url)), "../..");

/** @param {Provider} provider */
export function migrationsDir(provider) {
  return join(root, "prisma", provider, "migrations");
}

/**
 * Migrations in the order they apply (their names start with a UTC timestamp).
 * @param {Provider} provider
 * @returns {Migration[]}
 */
export function listMigrations(provider) {
  const dir = migrationsDir(provider);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, "migration.sql"), "utf8");
      const snapshot = join(dir, name, "schema.prisma");
      return {
        name,
        sql,
        // Same checksum as Prisma's own migrate, so its tooling agrees with ours.
        checksum: createHash("sha256").update(sql).digest("hex"),
        schema: existsSync(snapshot) ? readFileSync(snapshot, "utf8") : null,
      };
    });
}

/**
 * @param {string} url
 * @returns {Provider}
 */
export function providerOf(url) {
  return url.startsWith("file:") ? "sqlite" : "postgresql";
}
