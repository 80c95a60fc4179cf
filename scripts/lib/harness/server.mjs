// @ts-check
// Servers of the app under test: scripts/lib/serve.mjs (what npm start runs) spawned
// directly, so the script owns their PIDs, on loopback, with settings of their own.
import { spawn } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import { serveScript } from "../serve.mjs";
import { onCleanup } from "./cleanup.mjs";
import { now, sleep } from "./clock.mjs";
import { httpGet } from "./http.mjs";
import { portInUse } from "./ports.mjs";
import { publicKeyPath } from "./test-keys.mjs";

/**
 * @typedef {object} Server
 * @property {number} port
 * @property {number} pid
 * @property {string} url
 * @property {import("node:child_process").ChildProcess} child
 * @property {boolean} exited
 * @property {{ code: number | null, signal: NodeJS.Signals | null } | null} exitInfo
 * @property {Promise<{ code: number | null, signal: NodeJS.Signals | null }>} exitPromise
 * @property {() => Promise<unknown>} kill9
 * @property {() => Promise<void>} stop SIGTERM, SIGKILL after 5 s
 * @property {(lines?: number) => string} logTail
 * @property {number} [startMs] from the spawn to the first healthy answer
 */

/**
 * @typedef {object} HealthWait
 * @property {number} [timeoutMs]
 * @property {number} [status] the answer waited for (200 by default)
 * @property {number} [everyMs] between two probes
 * @property {number} [requestTimeoutMs] of one probe
 */

// The caller's own settings for these would change the server under test.
const callerSettings = /^(DATABASE_URL|PORT|RETENTION_DAYS|HIGHLEVEL_|DASHBOARD_|WEBHOOK_|REJECTED_|SESSION_|NODE_OPTIONS)/;

/**
 * Starts the built app in appDir on 127.0.0.1:port with the given database, trusting
 * the test signing key; its output goes to logFile. Resolves once /api/health is 200
 * (unless waitHealthy is false). Stopped at clean-up.
 * @param {{ appDir: string, port: number, databaseUrl: string, logFile: string, dashboardPassword: string,
 *   extraEnv?: Record<string, string>, waitHealthy?: boolean, health?: HealthWait }} options
 * @returns {Promise<Server>}
 */
export async function startServer({ appDir, port, databaseUrl, logFile, dashboardPassword, extraEnv = {}, waitHealthy = true, health = {} }) {
  if (await portInUse(port)) throw new Error(`port ${port} is already in use`);
  const env = {
    ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !callerSettings.test(key))),
    NODE_ENV: /** @type {const} */ ("production"),
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: databaseUrl,
    HIGHLEVEL_WEBHOOK_VERIFY: "enforce",
    HIGHLEVEL_ED25519_PUBLIC_KEY: publicKeyPath,
    DASHBOARD_PASSWORD: dashboardPassword,
    // One log line per request would cost the server more than some requests do.
    LOG_LEVEL: "warn",
    ...extraEnv,
  };
  const fd = openSync(logFile, "a");
  const started = now();
  const child = spawn(process.execPath, [serveScript, "--dir", appDir, "--port", String(port), "--hostname", "127.0.0.1"], {
    cwd: appDir,
    env,
    stdio: ["ignore", fd, fd],
  });
  closeSync(fd);
  /** @type {Server} */
  const server = {
    port,
    pid: /** @type {number} */ (child.pid),
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
      process.kill(server.pid, "SIGKILL");
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
    await waitForHealth(server, { timeoutMs: 60_000, ...health });
    server.startMs = now() - started;
  }
  return server;
}

/**
 * Polls /api/health until it answers `status`; returns the wait in ms. Fails when the
 * server exits first or the time runs out, with the end of its log.
 * @param {Pick<Server, "url" | "port" | "logTail"> & Partial<Pick<Server, "exited" | "exitInfo">>} server
 * @param {HealthWait} [options]
 */
export async function waitForHealth(server, { timeoutMs = 30_000, status = 200, everyMs = 100, requestTimeoutMs = 5000 } = {}) {
  const started = now();
  while (now() - started < timeoutMs) {
    if (server.exited) throw new Error(`server on port ${server.port} exited (${JSON.stringify(server.exitInfo)}):\n${server.logTail()}`);
    const res = await httpGet(`${server.url}/api/health`, { timeoutMs: requestTimeoutMs });
    if (res.status === status) return now() - started;
    await sleep(everyMs);
  }
  throw new Error(`server on port ${server.port}: /api/health did not answer ${status} within ${timeoutMs} ms:\n${server.logTail()}`);
}
