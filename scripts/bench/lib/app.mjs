// The app under measurement: a private snapshot of the built app (so a rebuild by
// another developer mid-run cannot swap files under a running server), served by
// scripts/lib/serve.mjs (what npm start runs) on loopback with BENCH_ROUTES=1, the throwaway PostgreSQL cluster, and /proc reads.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { closeSync, cpSync, existsSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { log, now, onCleanup, root, sleep, timedGet } from "./common.mjs";

export const serveScript = join(root, "scripts/lib/serve.mjs");
export const publicKeyPath = join(root, "e2e/keys/test-ed25519-public.pem");
export const privateKeyPath = join(root, "e2e/keys/test-ed25519-private.pem");
export const password = `bench-${process.pid}-${Date.now().toString(36)}`;
export const authHeader = `Basic ${Buffer.from(`admin:${password}`).toString("base64")}`;

/** Next 16 names its build process "next-build"; older ones "next build". */
export function buildRunning() {
  return spawnSync("pgrep", ["-f", "next[ -]build"], { encoding: "utf8" }).stdout.trim() !== "";
}

export async function buildIsFresh() {
  const { sourceFingerprint } = await import(join(root, "scripts/lib/build.mjs"));
  const stamp = join(root, ".next/source-fingerprint");
  return existsSync(join(root, ".next/BUILD_ID")) && existsSync(stamp) && readFileSync(stamp, "utf8") === sourceFingerprint();
}

/** Waits for any running build, builds if stale (never two builds at once), then snapshots .next. */
export async function prepareApp() {
  for (let waited = 0; ; waited += 3) {
    if (buildRunning()) {
      if (waited === 0) log("waiting for another developer's `next build` to finish…");
      if (waited > 900) throw new Error("a `next build` has been running for 15 minutes; try later");
      await sleep(3000);
      continue;
    }
    if (!(await buildIsFresh())) {
      const { buildIfStale } = await import(join(root, "scripts/lib/build.mjs"));
      await buildIfStale({ log });
      continue;
    }
    const buildId = readFileSync(join(root, ".next/BUILD_ID"), "utf8");
    const dir = mkdtempSync(join(tmpdir(), "am-bench-app-"));
    onCleanup(() => rmSync(dir, { recursive: true, force: true }));
    try {
      cpSync(join(root, ".next"), join(dir, ".next"), { recursive: true, verbatimSymlinks: true, filter: (src) => !/[/\\]\.next[/\\](cache|lock)([/\\]|$)/.test(src) });
    } catch {
      await sleep(2000); // a build started while copying: try again once it is done
      continue;
    }
    if (readFileSync(join(dir, ".next/BUILD_ID"), "utf8") !== buildId || buildRunning()) continue;
    for (const name of ["node_modules", "package.json", "next.config.mjs", "public", "lib"]) symlinkSync(join(root, name), join(dir, name));
    log(`app build ${buildId} (snapshot in ${dir})`);
    return dir;
  }
}

/** Starts the app (scripts/lib/serve.mjs) on 127.0.0.1:port; resolves once /api/health answers 200. */
export async function startServer({ appDir, port, databaseUrl, logFile, extraEnv = {} }) {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (/^(DATABASE_URL|PORT|RETENTION_DAYS|HIGHLEVEL_|DASHBOARD_|WEBHOOK_|REJECTED_|SESSION_|NODE_OPTIONS)/.test(key)) delete env[key];
  Object.assign(env, {
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: databaseUrl,
    HIGHLEVEL_WEBHOOK_VERIFY: "enforce",
    HIGHLEVEL_ED25519_PUBLIC_KEY: publicKeyPath,
    DASHBOARD_PASSWORD: password,
    BENCH_ROUTES: "1",
    // One log line per request would cost the server more than some requests do.
    LOG_LEVEL: "warn",
    ...extraEnv,
  });
  const fd = openSync(logFile, "a");
  const child = spawn(process.execPath, [serveScript, "--dir", appDir, "--port", String(port), "--hostname", "127.0.0.1"], { cwd: appDir, env, stdio: ["ignore", fd, fd] });
  closeSync(fd);
  const server = { pid: child.pid, url: `http://127.0.0.1:${port}`, exited: false };
  const exited = new Promise((resolve) => child.on("exit", () => resolve((server.exited = true))));
  server.stop = async () => {
    if (server.exited) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
  };
  onCleanup(server.stop);
  server.readyMs = await waitForHealth(server.url, () => server.exited, logFile);
  return server;
}

export async function waitForHealth(url, hasExited, logFile, timeoutMs = 60_000) {
  const started = now();
  while (now() - started < timeoutMs) {
    if (hasExited()) throw new Error(`server exited:\n${tail(logFile)}`);
    const res = await timedGet(`${url}/api/health`, { timeoutMs: 2000 });
    if (res.status === 200) return now() - started;
    await sleep(25);
  }
  throw new Error(`server not healthy after ${timeoutMs} ms:\n${tail(logFile)}`);
}

function tail(file) {
  try {
    return readFileSync(file, "utf8").split("\n").slice(-20).join("\n");
  } catch {
    return "";
  }
}

/** Resident memory (kB) of a process and its descendants, from /proc. */
export function rssKb(pid) {
  let total = 0;
  const visit = (p) => {
    try {
      total += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, "utf8"))?.[1] ?? 0);
      for (const task of readdirSync(`/proc/${p}/task`)) {
        const children = readFileSync(`/proc/${p}/task/${task}/children`, "utf8").trim();
        for (const c of children ? children.split(/\s+/) : []) visit(c);
      }
    } catch {
      // the process ended between two reads
    }
  };
  visit(pid);
  return total;
}

// ---------- the throwaway PostgreSQL cluster (scripts/pg-throwaway.sh) ----------

export function postgresAvailable() {
  return spawnSync("bash", ["-c", "ls /usr/lib/postgresql/*/bin/pg_ctl"], { stdio: "ignore" }).status === 0;
}

/** Starts an own cluster in a fresh directory; stopped and removed at exit. Returns its URL. */
export function startCluster(port) {
  const dir = join(tmpdir(), `am-bench-pg-${port}`);
  const script = join(root, "scripts/pg-throwaway.sh");
  execFileSync(script, ["stop", dir], { stdio: "ignore" }); // a cluster left by a killed run
  rmSync(dir, { recursive: true, force: true });
  onCleanup(() => {
    execFileSync(script, ["stop", dir], { stdio: "ignore" });
    rmSync(dir, { recursive: true, force: true });
  });
  return execFileSync(script, ["start", dir, String(port)], { encoding: "utf8" }).trim();
}
