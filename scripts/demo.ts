// npm run demo: fills the database named by DATABASE_URL (default ./data/monitor.db)
// with a realistic demo data set, sent through the same receiver code as real
// webhooks (lib/demo/). Safe beside a running `npm start`; a second run adds nothing.
// Run by tsx: the app's modules and Prisma's generated client are TypeScript.
import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import { dataDir } from "../lib/data-dir.mjs";
import { disconnectDb } from "../lib/db";
import { loadDemo, type DemoSummary } from "../lib/demo/load";
import { env } from "../lib/env";
import { applyMigrations } from "../lib/migrate/apply-migrations.mjs";

/** Where the data went, without a PostgreSQL password. */
function describeDatabase(url: string): string {
  if (url.startsWith("file:")) return `SQLite ${url.slice("file:".length)}`;
  const parsed = new URL(url);
  return `PostgreSQL ${parsed.host}${parsed.pathname}`;
}

function report(s: DemoSummary, database: string): string {
  const e = s.expected;
  const lines = [`Demo data in ${database} (${(s.ms / 1000).toFixed(1)} s)`];
  if (s.stored === 0) {
    lines.push(`  already loaded: all ${s.duplicates} deliveries were answered as duplicates; nothing new stored`);
  } else {
    lines.push(
      `  stored      ${s.stored} events`,
      `  duplicates  ${s.duplicates} (deliveries re-sent with the same webhookId${s.stored < e.events ? "; the rest were loaded before" : ""})`,
      `  rejected    ${s.rejected} refused requests (bad or missing signature, not JSON, invalid payload, type mismatch, too large…)`,
    );
  }
  lines.push(
    `  ${s.locations} locations · ${e.associations} associations (${e.deletedAssociations} deleted) · ${e.relations} relations (${e.deletedRelations} deleted)`,
    "  signed with a throwaway demo key: these events are not from HighLevel",
    "",
    `Open http://localhost:${process.env.PORT?.trim() || "3000"} (the port npm start serves: PORT, default 3000)`,
    signInHint(),
  );
  return lines.join("\n");
}

/** Where the dashboard password is, without printing it. */
function signInHint(): string {
  const e = env();
  if (e.DASHBOARD_AUTH === "off") return "Sign-in is off (DASHBOARD_AUTH=off)";
  if (e.DASHBOARD_PASSWORD) return "Sign in with DASHBOARD_PASSWORD";
  const file = join(dataDir(), ".dashboard-password");
  return existsSync(file)
    ? `Sign in with the password npm start generated, kept in ${relative(process.cwd(), file)}`
    : `Sign in with the password the first npm start prints (it keeps it in ${relative(process.cwd(), file)})`;
}

try {
  const url = env().DATABASE_URL;
  await applyMigrations(url);
  const summary = await loadDemo();
  console.log(report(summary, describeDatabase(url)));
} catch (error) {
  console.error(`Demo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await disconnectDb();
}
