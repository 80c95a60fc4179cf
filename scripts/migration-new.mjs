// npm run db:migration:new -- <name>
// Writes the next migration for SQLite and PostgreSQL from the change in
// prisma/schema.prisma since the last migration, with Prisma's own schema engine
// (WebAssembly: no download, no database needed).
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { diffSchemas } from "./lib/schema-engine.mjs";
import { listMigrations, migrationsDir } from "../lib/migrate/migrations.mjs";
import { root } from "./lib/root.mjs";
import { providers } from "./prisma-env.mjs";

const name = (process.argv[2] ?? "").trim();
if (!/^[a-z0-9_]+$/.test(name)) {
  console.error("Usage: npm run db:migration:new -- <name>   (lower-case letters, digits and _)");
  process.exit(2);
}

// Regenerate the per-database schemas (and clients) from prisma/schema.prisma first.
execFileSync(process.execPath, [join(root, "scripts/prisma-generate.mjs")], { stdio: "inherit" });

const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
let wrote = 0;
for (const provider of providers) {
  const schema = readFileSync(join(root, "prisma", provider, "schema.prisma"), "utf8");
  const previous = listMigrations(provider).at(-1);
  if (previous && previous.schema === null) {
    console.error(`${previous.name} has no schema.prisma snapshot; cannot diff from it.`);
    process.exit(1);
  }
  const sql = await diffSchemas(provider, previous?.schema ?? null, schema);
  if (!sql.trim()) {
    console.log(`${provider}: no schema change since ${previous?.name ?? "the start"}.`);
    continue;
  }
  const dir = join(migrationsDir(provider), `${stamp}_${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "migration.sql"), sql);
  writeFileSync(join(dir, "schema.prisma"), schema);
  console.log(`${provider}: wrote ${dir}/migration.sql`);
  wrote++;
}
if (wrote) console.log("Review the SQL, then `npm run db:migrate` applies it (npm start does too).");
