// The app under test (scripts/lib/harness/): a private snapshot of the built app,
// servers of it on loopback, throwaway PostgreSQL clusters, and direct database reads
// for cross-checks.
import { randomBytes } from "node:crypto";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { sqlitePath } from "../../../lib/migrate/apply-migrations.mjs";
import { prepareApp as snapshotApp } from "../../lib/harness/app-snapshot.mjs";
import { tempDir as scratchDir } from "../../lib/harness/cleanup.mjs";
import { basicAuth, httpGet as get } from "../../lib/harness/http.mjs";
import { freshClusterDir, ownCluster as ownPgCluster, postgresAvailable } from "../../lib/harness/postgres.mjs";
import { startServer as startAppServer } from "../../lib/harness/server.mjs";
import { prepareTestDatabase } from "../../lib/test-database.mjs";

/** Keep servers, clusters and temp folders on disk after the run, to look into them. */
const keep = Boolean(process.env.AM_RELIABILITY_KEEP);

/** A password for the read APIs of the servers these scripts start (HTTP Basic). */
const dashboardPassword = process.env.AM_RELIABILITY_PASSWORD || randomBytes(12).toString("hex");
const apiAuth = basicAuth("reliability", dashboardPassword);

/**
 * The directory of a private snapshot of the built app (see the harness), built first
 * if stale. AM_RELIABILITY_APP_DIR reuses a snapshot made by run.mjs.
 */
export async function prepareApp() {
  const given = process.env.AM_RELIABILITY_APP_DIR;
  if (given && existsSync(join(given, ".next/BUILD_ID"))) return given;
  return snapshotApp({ prefix: "am-rel-app-" });
}

/** A temp folder for this script's files (database, logs), removed at exit unless AM_RELIABILITY_KEEP. */
export const tempDir = (name) => scratchDir(`am-rel-${name}-`, { keep });

/** One GET with the read APIs' password and a timeout; never throws (status 0 = no answer). */
export function httpGet(url, { timeoutMs = 10_000, headers = {} } = {}) {
  return get(url, { timeoutMs, headers: { authorization: apiAuth, ...headers } });
}

export async function getJson(url) {
  const res = await httpGet(url, { timeoutMs: 60_000 });
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status} ${res.error ?? res.text?.slice(0, 300)}`);
  return JSON.parse(res.text);
}

/**
 * Starts the app on 127.0.0.1:port with the given database, trusting the test signing
 * key. Its output goes to logFile. Resolves once /api/health is 200.
 */
export function startServer({ appDir, port, databaseUrl, logFile, extraEnv = {}, waitHealthy = true }) {
  return startAppServer({ appDir, port, databaseUrl, logFile, dashboardPassword, extraEnv, waitHealthy });
}

export function sqliteUrl(dir, name = "monitor.db") {
  return `file:${join(dir, name)}`;
}

export { prepareTestDatabase as prepareDatabase };

export function isPostgresUrl(url) {
  return /^postgres(ql)?:\/\//.test(url ?? "");
}

/** A short description of a database URL without its password. */
export function describeUrl(url) {
  return isPostgresUrl(url) ? url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@") : url;
}

/** Debian's nginx, for the rolling-restart script (rolling.mjs). */
export const nginxBin = "/usr/sbin/nginx";
export function nginxAvailable() {
  return spawnSync(nginxBin, ["-v"], { stdio: "ignore" }).status === 0;
}

/** A fresh directory for this script's cluster `name` on `port`. */
export const clusterDir = (name, port) => freshClusterDir(`am-rel-pg-${name}-${port}-${process.pid}`);

/** Starts an own cluster for this script, stopped (and removed, unless AM_RELIABILITY_KEEP) at exit. */
export const ownCluster = (dir, port) => ownPgCluster(dir, port, { keep, portHint: "choose another with --pg-port" });

/**
 * What a script starts with: the app snapshot, a temp folder of its own, and its
 * database, emptied and migrated: --database-url, otherwise a fresh SQLite file in
 * that folder or, with `postgresPort` (a PostgreSQL-only script), an own throwaway
 * cluster on that port. The report says which database it is.
 * @param {{ measure: (label: string, value: string) => void }} report
 * @param {string} name
 * @param {Record<string, string | true>} flags
 * @param {{ postgresPort?: number, note?: string }} [options] note: appended to the report's database line
 */
export async function setUpRun(report, name, flags, { postgresPort, note = "" } = {}) {
  let databaseUrl = flags["database-url"];
  if (postgresPort !== undefined && databaseUrl && !isPostgresUrl(databaseUrl)) throw new Error("--database-url must be a postgresql:// URL");
  const appDir = await prepareApp();
  const work = tempDir(name);
  if (!databaseUrl && postgresPort === undefined) databaseUrl = sqliteUrl(work);
  else if (!databaseUrl) {
    if (!postgresAvailable()) throw new Error("PostgreSQL server binaries not found (apt-get install -y postgresql)");
    databaseUrl = await ownCluster(clusterDir(name, postgresPort), postgresPort);
  }
  report.measure("database", `${isPostgresUrl(databaseUrl) ? "postgresql" : "sqlite"} ${describeUrl(databaseUrl)}${note}`);
  await prepareTestDatabase(databaseUrl);
  return { appDir, work, databaseUrl };
}

/** Runs one read-only SQL statement against the database at url; returns rows. */
export async function queryDatabase(url, sql) {
  if (isPostgresUrl(url)) {
    const { default: pg } = await import("pg");
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
    await client.connect();
    try {
      return (await client.query(sql)).rows;
    } finally {
      await client.end();
    }
  }
  const { default: Database } = await import("better-sqlite3");
  const db = new Database(sqlitePath(url), { readonly: true, fileMustExist: true, timeout: 10_000 });
  try {
    return db.prepare(sql).all();
  } finally {
    db.close();
  }
}
