// `npm start` on an already-built checkout: spawn scripts/start.mjs (build check,
// migrations, then scripts/lib/serve.mjs) and time until /api/health answers 200. Baseline:
// the same build served directly by scripts/lib/serve.mjs (the bench's own servers).
import { spawn } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { buildIsFresh, buildRunning, password } from "./app.mjs";
import { log, now, quantile, root, round, sleep, timedGet } from "./common.mjs";

async function once(port, databaseUrl) {
  const env = { ...process.env, PORT: String(port), DATABASE_URL: databaseUrl, DASHBOARD_PASSWORD: password, LOG_LEVEL: "warn" };
  delete env.RETENTION_DAYS;
  env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ""} --import=${pathToFileURL(join(root, "scripts/bench/lib/loopback.mjs")).href}`.trim();
  const started = now();
  const child = spawn(process.execPath, [join(root, "scripts/start.mjs")], { cwd: root, env, stdio: "ignore" });
  let exited = false;
  const done = new Promise((resolve) => child.once("exit", () => resolve((exited = true))));
  let ms = null;
  while (!exited && now() - started < 60_000) {
    const res = await timedGet(`http://127.0.0.1:${port}/api/health`, { timeoutMs: 2000 });
    if (res.status === 200) {
      ms = now() - started;
      break;
    }
    await sleep(20);
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
  if (!(await buildIsFresh())) return { skipped: "the checkout's build is stale (sources changed during the run): npm start would build first" };
  const times = [];
  for (let i = 0; i < runs; i++) times.push(await once(port, databaseUrl));
  if (times.some((t) => t === null)) return { skipped: "npm start did not answer /api/health within 60 s", times };
  const result = { runs, seconds: times.map((t) => round(t / 1000, 2)), medianSeconds: round(quantile(times, 0.5) / 1000, 2) };
  log(`npm start: ready in ${result.seconds.join(", ")} s (median ${result.medianSeconds} s)`);
  return result;
}
