// The committed migrations must match prisma/schema.prisma, and the offline
// migration workflow (npm run db:migration:new) must produce SQL for a change.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { listMigrations } from "../lib/migrate/migrations.mjs";
import { root } from "../scripts/lib/root.mjs";
import { diffSchemas } from "../scripts/lib/schema-engine.mjs";

const providers = ["sqlite", "postgresql"] as const;

describe.each(providers)("%s migrations", (provider) => {
  const schema = readFileSync(join(root, "prisma", provider, "schema.prisma"), "utf8");
  const migrations = listMigrations(provider);

  it("exist, each with the schema snapshot the next diff starts from", () => {
    expect(migrations.length).toBeGreaterThan(0);
    for (const m of migrations) {
      expect(m.sql).toMatch(/CREATE (VIRTUAL )?TABLE|ALTER TABLE|CREATE INDEX|DROP/);
      expect(m.schema).toContain(`provider = "${provider}"`);
    }
  });

  it("are up to date with prisma/schema.prisma (run npm run db:migration:new if this fails)", async () => {
    const latest = migrations.at(-1)?.schema ?? null;
    expect(await diffSchemas(provider, latest, schema)).toBe("");
  });

  it("diff a schema change into SQL offline, with no database", async () => {
    const changed = schema.replace("  bodySize       Int\n", "  bodySize       Int\n  note           String?\n");
    expect(changed).not.toBe(schema);
    const sql = await diffSchemas(provider, schema, changed);
    expect(sql).toMatch(/"note"/);
    expect(sql).toMatch(provider === "sqlite" ? /CREATE TABLE "new_Event"|ALTER TABLE "Event" ADD COLUMN/ : /ALTER TABLE "Event" ADD COLUMN\s+"note" TEXT/);
  });
});
