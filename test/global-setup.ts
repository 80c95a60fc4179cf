// Once per vitest run: a clean, migrated database. Unset DATABASE_URL means a
// fresh SQLite file under a temp folder; a PostgreSQL URL is emptied first.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { prepareTestDatabase } from "../scripts/lib/test-database.mjs";

export default async function setup() {
  if (!process.env.DATABASE_URL) {
    process.env.DATABASE_URL = `file:${join(mkdtempSync(join(tmpdir(), "am-test-")), "test.db")}`;
  }
  await prepareTestDatabase(process.env.DATABASE_URL);
}
