// @ts-check
// npm run db:migrate: applies pending migrations to DATABASE_URL (default: the
// SQLite file under ./data). npm start runs the same step before serving.
import { applyMigrations } from "../lib/migrate/apply-migrations.mjs";
import { databaseUrl } from "../lib/database-url.mjs";

const url = databaseUrl();
try {
  const applied = await applyMigrations(url);
  console.log(applied.length ? `Applied migrations: ${applied.join(", ")}` : "Database schema is up to date.");
} catch (error) {
  console.error(`Migration failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
