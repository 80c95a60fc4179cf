// `npm start` on an already-built checkout: spawn scripts/start.mjs (build check,
// migrations, then scripts/lib/serve.mjs) and time until /api/health answers 200. Baseline:
// the same build served directly by scripts/lib/serve.mjs (the bench's own servers).
import { spawn } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { buildIsFresh } from "../../lib/build.mjs";
import { buildRunning } from "../../lib/harness/app-snapshot.mjs";
import { now } from "../../lib/harness/clock.mjs";
import { waitForHealth } from "../../lib/harness/server.mjs";
import { quantile, round } from "../../lib/harness/stats.mjs";
import { root } from "../../lib/root.mjs";
import { password } from "./app.mjs";
import { log } from "./common.mjs";

async function once(port, databaseUrl) {
  const env = { ...process.env, PORT: String(port), DATABASE_URL: databaseUrl, DASHBOARD_PASSWORD: password, LOG_LEVEL: "warn" };
  delete env.RETENTION_DAYS;
  env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ""} --import=${pathToFileURL(join(root, "scripts/bench/lib/loopback.mjs")).href}`.trim();
  const started = now();
  const child = spawn(process.execPath, [join(root, "scripts/start.mjs")], { cwd: root, env, stdio: "ignore" });
  const start = { url: `http://127.0.0.1:${port}`, port, exited: false, logTail: () => "" };
  const done = new Promise((resolve) => {
    child.once("exit", () => {
      start.exited = true;
      resolve(undefined);
    });
  });
  let ms = null;
  try {
    await waitForHealth(start, { timeoutMs: 60_000, everyMs: 20, requestTimeoutMs: 2000 });
    ms = now() - started;
  } catch {
    // exited, or not healthy within 60 s: reported as a missing time
  }
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
  await done;
  clearTimeout(timer);
  return ms;
}

/** Median of `runs` starts; skipped (with the reason) when a start would have to build. */
export async function measureStartup({ port, databaseUrl, runs = 3 }) {
  if (buildRunning()) return { skipped: "a `next build` is running (a start now would not be on an already-built checkout)" };
  if (!buildIsFresh()) return { skipped: "the checkout's build is stale (sources changed during the run): npm start would build first" };
  const times = [];
  for (let i = 0; i < runs; i++) times.push(await once(port, databaseUrl));
  if (times.some((t) => t === null)) return { skipped: "npm start did not answer /api/health within 60 s", times };
  const result = { runs, seconds: times.map((t) => round(t / 1000, 2)), medianSeconds: round(quantile(times, 0.5) / 1000, 2) };
  log(`npm start: ready in ${result.seconds.join(", ")} s (median ${result.medianSeconds} s)`);
  return result;
}
