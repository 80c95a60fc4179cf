#!/usr/bin/env node
// Backup and restore, as the README's Deploy section says to do them: an online
// backup taken while the server runs and receives deliveries (SQLite: sqlite3's
// `.backup`; PostgreSQL: `pg_dump -Fc`), restored into a new database (SQLite: the
// file copied into place; PostgreSQL: `pg_restore` into a new database), a server
// started on the restore, and its counts compared with the original's at backup time.
//
//   node scripts/reliability/backup.mjs [--short] [--database-url postgresql://…] [--port 3412]
// SQLite (a fresh temp file) unless --database-url is a postgresql:// URL.
import { execFileSync } from "node:child_process";
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { getJson, isPostgresUrl, queryDatabase, sqliteUrl, startServer, setUpRun } from "./lib/app.mjs";
import { parseArgs, runScript } from "./lib/common.mjs";
import { runSenders, target } from "./lib/sender.mjs";
import { waitForProjection } from "./lib/verify.mjs";
import { makeWorkload } from "./lib/workload.mjs";

const { short, flags } = parseArgs();
const port = Number(flags.port ?? 3412);
const sends = short ? 600 : 3000;

const countsSql = `SELECT
  (SELECT COUNT(*) FROM "Event") AS events, (SELECT COUNT(*) FROM "Association") AS associations,
  (SELECT COUNT(*) FROM "Relation") AS relations, (SELECT COUNT(*) FROM "Location") AS locations,
  (SELECT COALESCE(MAX("id"), 0) FROM "Event") AS "maxEventId", (SELECT "position" FROM "ProjectorState" WHERE "name" = 'main') AS position`;
const counts = async (url) => Object.fromEntries(Object.entries((await queryDatabase(url, countsSql))[0]).map(([k, v]) => [k, Number(v)]));

await runScript(`backup and restore (${short ? "short" : "full"})`, short ? 180 : 600, async (report) => {
  const { appDir, work, databaseUrl } = await setUpRun(report, "backup", flags);
  const pg = isPostgresUrl(databaseUrl);
  let server = await startServer({ appDir, port, databaseUrl, logFile: join(work, "server.log") });
  const { deliveries, order } = makeWorkload({ sends, seed: 12 });
  const first = order.slice(0, Math.floor(order.length / 2));
  const rest = order.slice(first.length);
  const send = (part) => runSenders({ deliveries, order: part, targets: [target(server.url, port)], concurrency: 10, timeoutMs: 10_000 });

  await send(first);
  await waitForProjection(server.url);
  const before = await counts(databaseUrl);
  report.measure("at the backup", JSON.stringify(before));

  // The backup is taken while the second half of the deliveries is arriving.
  const during = send(rest);
  const backupFile = join(work, pg ? "monitor.dump" : "monitor-backup.db");
  if (pg) execFileSync("pg_dump", ["-Fc", "-f", backupFile, databaseUrl]);
  else execFileSync("sqlite3", [databaseUrl.slice("file:".length), `.backup '${backupFile}'`]);
  await during;
  report.measure("backup", `${pg ? "pg_dump -Fc" : "sqlite3 .backup"}, started while the second half of the deliveries was being sent → ${backupFile}`);
  await server.stop();

  // Restore into a new database, and serve it.
  let restoredUrl;
  if (pg) {
    const name = `monitor_restore_${process.pid}`;
    await queryDatabase(databaseUrl, `DROP DATABASE IF EXISTS ${name}`);
    await queryDatabase(databaseUrl, `CREATE DATABASE ${name}`);
    restoredUrl = databaseUrl.replace(/\/[^/?]+(\?|$)/, `/${name}$1`);
    execFileSync("pg_restore", ["--no-owner", "-d", restoredUrl, backupFile]);
  } else {
    restoredUrl = sqliteUrl(work, "monitor-restored.db");
    copyFileSync(backupFile, restoredUrl.slice("file:".length));
  }
  server = await startServer({ appDir, port, databaseUrl: restoredUrl, logFile: join(work, "restored.log") });
  await waitForProjection(server.url);
  const restored = await counts(restoredUrl);
  report.measure("restored", JSON.stringify(restored));
  report.check(
    "the restore holds at least everything stored before the backup began",
    restored.events >= before.events && restored.associations >= before.associations && restored.relations >= before.relations,
    `${restored.events} events (${before.events} at the start of the backup)`,
  );
  report.check(
    "the restore is consistent: projected up to its own last event",
    restored.position === restored.maxEventId,
    `position ${restored.position}, newest event ${restored.maxEventId}`,
  );
  const health = await getJson(`${server.url}/api/health`);
  report.check("a server on the restore is healthy and answers the API", health.projector?.behind === 0, JSON.stringify(health.projector ?? health));
  if (!pg) {
    const [{ integrity_check: integrity }] = await queryDatabase(restoredUrl, "PRAGMA integrity_check");
    report.equal("SQLite integrity_check of the restore", integrity, "ok");
  }
  await server.stop();
  if (pg) await queryDatabase(databaseUrl, `DROP DATABASE IF EXISTS monitor_restore_${process.pid}`);
});
