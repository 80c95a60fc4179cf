// The app under test: a private snapshot of the built app (so a rebuild by someone
// else mid-run cannot pull files out from under a running server), servers started
// directly with `node scripts/lib/serve.mjs` (the server npm start runs; so the
// script owns their PIDs), throwaway
// PostgreSQL clusters, and direct database reads for cross-checks.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync, closeSync } from "node:fs";
import { request } from "node:http";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { log, now, onCleanup, root, sleep } from "./common.mjs";

export const serveScript = join(root, "scripts/lib/serve.mjs");
export const publicKeyPath = join(root, "e2e/keys/test-ed25519-public.pem");
export const privateKeyPath = join(root, "e2e/keys/test-ed25519-private.pem");
const pgScript = join(root, "scripts/pg-throwaway.sh");

/** A password for the read APIs of the servers these scripts start (HTTP Basic). */
export const dashboardPassword = process.env.AM_RELIABILITY_PASSWORD || randomBytes(12).toString("hex");
export const apiAuth = `Basic ${Buffer.from(`reliability:${dashboardPassword}`).toString("base64")}`;

/** Next 16 renames its build process "next-build"; older ones show "next build". */
export function buildRunning() {
  return spawnSync("pgrep", ["-f", "next[ -]build"], { encoding: "utf8" }).stdout.trim() !== "";
}

async function isFresh() {
  const { sourceFingerprint } = await import(join(root, "scripts/lib/build.mjs"));
  const stamp = join(root, ".next/source-fingerprint");
  return existsSync(join(root, ".next/BUILD_ID")) && existsSync(stamp) && readFileSync(stamp, "utf8") === sourceFingerprint();
}

/**
 * Returns a directory holding a private copy of the built app (`.next` without its
 * cache) beside links to node_modules, package.json, next.config.mjs and public.
 * Builds only when the build is stale and no other build is running (waits for one
 * that is). AM_RELIABILITY_APP_DIR reuses a snapshot made by run.mjs.
 */
export async function prepareApp({ waitSeconds = 900 } = {}) {
  const given = process.env.AM_RELIABILITY_APP_DIR;
  if (given && existsSync(join(given, ".next/BUILD_ID"))) return given;
  const deadline = Date.now() + waitSeconds * 1000;
  let said = false;
  while (Date.now() < deadline) {
    if (buildRunning()) {
      if (!said) log("waiting for a running `next build` to finish…");
      said = true;
      await sleep(3000);
      continue;
    }
    if (!(await isFresh())) {
      const { buildIfStale } = await import(join(root, "scripts/lib/build.mjs"));
      await buildIfStale();
      continue;
    }
    const buildId = readFileSync(join(root, ".next/BUILD_ID"), "utf8");
    const dir = mkdtempSync(join(tmpdir(), "am-rel-app-"));
    try {
      cpSync(join(root, ".next"), join(dir, ".next"), {
        recursive: true,
        verbatimSymlinks: true,
        filter: (src) => !/[/\\]\.next[/\\](cache|lock)([/\\]|$)/.test(src),
      });
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      log(`snapshot failed (${error.message}); retrying`);
      await sleep(2000);
      continue;
    }
    const copied = existsSync(join(dir, ".next/BUILD_ID")) ? readFileSync(join(dir, ".next/BUILD_ID"), "utf8") : "";
    const still = existsSync(join(root, ".next/BUILD_ID")) ? readFileSync(join(root, ".next/BUILD_ID"), "utf8") : "";
    if (copied !== buildId || still !== buildId || buildRunning()) {
      rmSync(dir, { recursive: true, force: true });
      await sleep(2000);
      continue; // a build started while copying: copy again once it is done
    }
    for (const name of ["node_modules", "package.json", "next.config.mjs", "public", "lib"]) {
      if (existsSync(join(root, name))) symlinkSync(join(root, name), join(dir, name));
    }
    onCleanup(() => rmSync(dir, { recursive: true, force: true }));
    log(`app: build ${buildId} (snapshot in ${dir})`);
    return dir;
  }
  throw new Error("no fresh build of the app became available in time");
}

export function tempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), `am-rel-${prefix}-`));
  if (!process.env.AM_RELIABILITY_KEEP) onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function portInUse(port) {
  return new Promise((resolve) => {
    const socket = connect({ port, host: "127.0.0.1" });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** One GET with a timeout; never throws (status 0 = no answer). */
export function httpGet(url, { timeoutMs = 10_000, headers = {} } = {}) {
  return new Promise((resolve) => {
    const started = now();
    const req = request(url, { method: "GET", headers: { authorization: apiAuth, ...headers }, agent: false }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString("utf8"), ms: now() - started }));
      res.on("error", (error) => resolve({ status: 0, error: error.code ?? error.message, ms: now() - started }));
    });
    req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error("timeout"), { code: "TIMEOUT" })));
    req.on("error", (error) => resolve({ status: 0, error: error.code ?? error.message, ms: now() - started }));
    req.end();
  });
}

export async function getJson(url) {
  const res = await httpGet(url, { timeoutMs: 60_000 });
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status} ${res.error ?? res.text?.slice(0, 300)}`);
  return JSON.parse(res.text);
}

/**
 * Starts the app (scripts/lib/serve.mjs) on 127.0.0.1:port with the given database, trusting the
 * test signing key. Its output goes to logFile. Resolves once /api/health is 200.
 */
export async function startServer({ appDir, port, databaseUrl, logFile, extraEnv = {}, waitHealthy = true }) {
  if (await portInUse(port)) throw new Error(`port ${port} is already in use`);
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (/^(DATABASE_URL|PORT|RETENTION_DAYS|HIGHLEVEL_|DASHBOARD_|WEBHOOK_|REJECTED_|SESSION_)/.test(key)) delete env[key];
  }
  Object.assign(env, {
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: databaseUrl,
    HIGHLEVEL_WEBHOOK_VERIFY: "enforce",
    HIGHLEVEL_ED25519_PUBLIC_KEY: publicKeyPath,
    DASHBOARD_PASSWORD: dashboardPassword,
    LOG_LEVEL: "warn",
    ...extraEnv,
  });
  const fd = openSync(logFile, "a");
  const started = now();
  const child = spawn(process.execPath, [serveScript, "--dir", appDir, "--port", String(port), "--hostname", "127.0.0.1"], {
    cwd: appDir,
    env,
    stdio: ["ignore", fd, fd],
  });
  closeSync(fd);
  const server = {
    port,
    pid: child.pid,
    url: `http://127.0.0.1:${port}`,
    child,
    exited: false,
    exitInfo: null,
    exitPromise: new Promise((resolve) => {
      child.on("exit", (code, signal) => {
        server.exited = true;
        server.exitInfo = { code, signal };
        resolve(server.exitInfo);
      });
    }),
    kill9() {
      process.kill(child.pid, "SIGKILL");
      return server.exitPromise;
    },
    async stop() {
      if (server.exited) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => !server.exited && child.kill("SIGKILL"), 5000);
      await server.exitPromise;
      clearTimeout(timer);
    },
    logTail(lines = 20) {
      try {
        return readFileSync(logFile, "utf8").split("\n").slice(-lines).join("\n");
      } catch {
        return "";
      }
    },
  };
  onCleanup(() => server.stop());
  if (waitHealthy) {
    await waitForHealth(server, { timeoutMs: 60_000 });
    server.startMs = now() - started;
  }
  return server;
}

/** Polls /api/health until it answers `status` (200 by default); returns the wait in ms. */
export async function waitForHealth(server, { timeoutMs = 30_000, status = 200, everyMs = 100 } = {}) {
  const started = now();
  while (now() - started < timeoutMs) {
    if (server.exited) throw new Error(`server on port ${server.port} exited (${JSON.stringify(server.exitInfo)}):\n${server.logTail()}`);
    const res = await httpGet(`${server.url}/api/health`, { timeoutMs: 5000 });
    if (res.status === status) return now() - started;
    await sleep(everyMs);
  }
  throw new Error(`server on port ${server.port}: /api/health did not answer ${status} within ${timeoutMs} ms:\n${server.logTail()}`);
}

export function sqliteUrl(dir, name = "monitor.db") {
  return `file:${join(dir, name)}`;
}

export async function prepareDatabase(url) {
  const { prepareTestDatabase } = await import(join(root, "scripts/lib/test-database.mjs"));
  await prepareTestDatabase(url);
}

export function isPostgresUrl(url) {
  return /^postgres(ql)?:\/\//.test(url ?? "");
}

/** A short description of a database URL without its password. */
export function describeUrl(url) {
  return isPostgresUrl(url) ? url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@") : url;
}

// ---------- throwaway PostgreSQL clusters (scripts/pg-throwaway.sh) ----------

/** Debian's nginx, for the rolling-restart script (rolling.mjs). */
export const nginxBin = "/usr/sbin/nginx";
export function nginxAvailable() {
  return spawnSync(nginxBin, ["-v"], { stdio: "ignore" }).status === 0;
}

export function postgresAvailable() {
  return spawnSync("bash", ["-c", "ls /usr/lib/postgresql/*/bin/pg_ctl"], { stdio: "ignore" }).status === 0;
}

/** Starts (or restarts) the cluster in dir on port; returns its URL. */
export function pgStart(dir, port) {
  return execFileSync(pgScript, ["start", dir, String(port)], { encoding: "utf8" }).trim();
}

/** Stops the cluster: "fast" (clean) or "immediate" (like a crash: no checkpoint, clients cut off). */
export function pgStop(dir, mode = "fast") {
  execFileSync(pgScript, ["stop", dir, mode], { encoding: "utf8" });
}

/** A fresh directory for a cluster: directly under /tmp, which the postgres user can reach. */
export function clusterDir(name, port) {
  const dir = join(tmpdir(), `am-rel-pg-${name}-${port}-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  return dir;
}

/** Starts an own cluster for this script, stopped and removed at exit. */
export async function ownCluster(dir, port) {
  if (await portInUse(port)) throw new Error(`port ${port} is already in use: is another PostgreSQL cluster running there? (choose another with --pg-port)`);
  onCleanup(() => {
    pgStop(dir, "immediate");
    if (!process.env.AM_RELIABILITY_KEEP) rmSync(dir, { recursive: true, force: true });
  });
  const url = pgStart(dir, port);
  return url;
}

// ---------- direct database reads ----------

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
  const { sqlitePath } = await import(join(root, "lib/migrate/apply-migrations.mjs"));
  const db = new Database(sqlitePath(url), { readonly: true, fileMustExist: true, timeout: 10_000 });
  try {
    return db.prepare(sql).all();
  } finally {
    db.close();
  }
}
