// The app under measurement (scripts/lib/harness/): a private snapshot of the built
// app served by scripts/lib/serve.mjs on loopback with BENCH_ROUTES=1, the throwaway
// PostgreSQL cluster, and /proc reads.
import { readFileSync, readdirSync } from "node:fs";
import { prepareApp as snapshotApp } from "../../lib/harness/app-snapshot.mjs";
import { basicAuth } from "../../lib/harness/http.mjs";
import { freshClusterDir, ownCluster } from "../../lib/harness/postgres.mjs";
import { startServer as startAppServer } from "../../lib/harness/server.mjs";
import { log } from "./common.mjs";

export const password = `bench-${process.pid}-${Date.now().toString(36)}`;
export const authHeader = basicAuth("admin", password);

/** Waits for any running build, builds if stale (never two builds at once), then snapshots .next. */
export const prepareApp = () => snapshotApp({ prefix: "am-bench-app-", log });

/** Starts the app on 127.0.0.1:port; resolves once /api/health answers 200 (probed every 25 ms: its wait is reported). */
export function startServer({ appDir, port, databaseUrl, logFile }) {
  return startAppServer({
    appDir,
    port,
    databaseUrl,
    logFile,
    dashboardPassword: password,
    extraEnv: { BENCH_ROUTES: "1" },
    health: { everyMs: 25, requestTimeoutMs: 2000 },
  });
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

/** Starts the bench's own cluster (one a killed run left is stopped first); stopped and removed at exit. Returns its URL. */
export const startCluster = (port) => ownCluster(freshClusterDir(`am-bench-pg-${port}`), port);
