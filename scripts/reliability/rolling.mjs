#!/usr/bin/env node
// Rolling restart behind a real proxy: PostgreSQL, two app instances and nginx (the
// configuration in docs/deploy/nginx.conf, its ports moved to loopback ones), a
// steady stream of signed deliveries sent through nginx, then instance A restarted
// and then instance B, each as the README's Deploy section says: marked down in the
// upstream and nginx reloaded (so no new connection reaches it), SIGTERM, start the
// new one, wait for /api/health, back into the upstream. HighLevel retries a
// 429 only, so the senders retry 429s and nothing else. Reports deliveries sent, 2xx,
// 429, anything else (must be 0), duplicates stored (must be 0) and the longest
// answer; then verifies every delivery stored exactly once and projected.
//
//   node scripts/reliability/rolling.mjs [--short] [--database-url URL] [--ports 3409,3410] [--proxy-port 3411]
//        [--sends N] [--rate 150] [--pg-port 55463]
// Needs nginx (apt-get install -y nginx); PostgreSQL from --database-url or an own cluster.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { onCleanup } from "../lib/harness/cleanup.mjs";
import { now, sleep } from "../lib/harness/clock.mjs";
import { waitForHealth } from "../lib/harness/server.mjs";
import { percentiles } from "../lib/harness/stats.mjs";
import { root } from "../lib/root.mjs";
import { nginxAvailable, nginxBin, startServer, setUpRun } from "./lib/app.mjs";
import { ms, parseArgs, runScript } from "./lib/common.mjs";
import { runSenders, target } from "./lib/sender.mjs";
import { checkEveryDelivered, statusCounts, verifyStore } from "./lib/verify.mjs";
import { describeWorkload, makeWorkload } from "./lib/workload.mjs";

const { short, flags } = parseArgs();
const sends = Number(flags.sends ?? (short ? 3000 : 12000));
const rate = Number(flags.rate ?? 150);
const ports = String(flags.ports ?? "3409,3410")
  .split(",")
  .map(Number);
const proxyPort = Number(flags["proxy-port"] ?? 3411);
const pgPort = Number(flags["pg-port"] ?? 55463);
const seed = Number(flags.seed ?? 9);
/** After `nginx -s reload`, new workers use the new upstream list at once; old ones finish what they have. */
const reloadSettleMs = 500;

/** docs/deploy/nginx.conf with loopback ports, inside a minimal main configuration of its own. */
function nginxConfig(dir, down = new Set()) {
  // An instance marked `down` gets no new requests: the drain step of the procedure.
  const server = (i) => `127.0.0.1:${ports[i]}${down.has(i) ? " down" : ""}`;
  const site = readFileSync(join(root, "docs/deploy/nginx.conf"), "utf8")
    .replace("127.0.0.1:3001", server(0))
    .replace("127.0.0.1:3002", server(1))
    .replace(/listen 80;/, `listen 127.0.0.1:${proxyPort};`);
  for (const t of ["body", "proxy", "fastcgi", "uwsgi", "scgi"]) mkdirSync(join(dir, t), { recursive: true });
  return [
    "daemon off;",
    "master_process on;",
    "worker_processes 1;",
    ...(process.getuid?.() === 0 ? ["user root;"] : []),
    `pid ${join(dir, "nginx.pid")};`,
    `error_log ${join(dir, "error.log")} warn;`,
    "events { worker_connections 1024; }",
    "http {",
    `  access_log ${join(dir, "access.log")};`,
    `  client_body_temp_path ${join(dir, "body")};`,
    `  proxy_temp_path ${join(dir, "proxy")};`,
    `  fastcgi_temp_path ${join(dir, "fastcgi")};`,
    `  uwsgi_temp_path ${join(dir, "uwsgi")};`,
    `  scgi_temp_path ${join(dir, "scgi")};`,
    site,
    "}",
  ].join("\n");
}

async function startNginx(dir) {
  const conf = join(dir, "nginx.conf");
  writeFileSync(conf, nginxConfig(dir));
  const test = spawnSync(nginxBin, ["-t", "-p", dir, "-c", conf], { encoding: "utf8" });
  if (test.status !== 0) throw new Error(`nginx -t refused the configuration:\n${test.stderr}`);
  const child = spawn(nginxBin, ["-p", dir, "-c", conf], { stdio: "ignore" });
  let exited = false;
  child.on("exit", () => (exited = true));
  onCleanup(async () => {
    if (exited) return;
    child.kill("SIGQUIT"); // graceful
    for (let i = 0; i < 50 && !exited; i++) await sleep(100);
    if (!exited) child.kill("SIGKILL");
  });
  const url = `http://127.0.0.1:${proxyPort}`;
  await waitForHealth({ url, port: proxyPort, logTail: () => readFileSync(join(dir, "error.log"), "utf8") }, { timeoutMs: 10_000 });
  /** Rewrites the configuration with these instances marked down and reloads nginx (`nginx -s reload`). */
  const drain = async (down) => {
    writeFileSync(conf, nginxConfig(dir, down));
    const reload = spawnSync(nginxBin, ["-p", dir, "-c", conf, "-s", "reload"], { encoding: "utf8" });
    if (reload.status !== 0) throw new Error(`nginx -s reload failed:\n${reload.stderr}`);
    await sleep(reloadSettleMs);
  };
  return { url, pid: child.pid, drain };
}

await runScript(`rolling restart behind nginx (${short ? "short" : "full"}, PostgreSQL)`, short ? 300 : 900, async (report) => {
  if (!nginxAvailable()) throw new Error("nginx not found (apt-get install -y nginx)");
  const { appDir, work, databaseUrl } = await setUpRun(report, "rolling", flags, { postgresPort: pgPort, note: " (emptied and migrated)" });
  const { deliveries, order, stats } = makeWorkload({ sends, seed });
  describeWorkload(report, stats);

  const start = (i) => startServer({ appDir, port: ports[i], databaseUrl, logFile: join(work, `server-${i + 1}.log`), extraEnv: { TRUST_PROXY: "127.0.0.1" } });
  const servers = [await start(0), await start(1)];
  const proxy = await startNginx(join(work, "nginx"));
  report.measure(
    "set-up",
    `instances A pid ${servers[0].pid} on ${ports[0]}, B pid ${servers[1].pid} on ${ports[1]}; nginx pid ${proxy.pid} on ${proxyPort} (docs/deploy/nginx.conf)`,
  );

  const restarts = [];
  // The README's procedure: take the instance out of nginx's upstream (down + reload),
  // SIGTERM it and start the new version, wait for /api/health, put it back.
  async function restart(i) {
    const name = "AB"[i];
    const old = servers[i];
    await proxy.drain(new Set([i]));
    const signalAt = now();
    old.child.kill("SIGTERM");
    const exit = await old.exitPromise;
    const exitMs = now() - signalAt;
    servers[i] = await start(i);
    await proxy.drain(new Set());
    restarts.push({ name, oldPid: old.pid, newPid: servers[i].pid, exit, exitMs, downMs: now() - signalAt });
  }
  let answered = 0;
  let rolling = null;
  const rollAt = Math.floor(order.length * 0.25);

  report.section(
    `${order.length} deliveries through nginx at ${rate}/s; after ${rollAt} answers: restart A, then B (out of the upstream, SIGTERM, start, healthy, back in)`,
  );
  const run = await runSenders({
    deliveries,
    order,
    targets: [target(proxy.url, proxyPort)],
    concurrency: 20,
    pace: rate,
    timeoutMs: 30_000,
    backoff: { baseMs: 200, capMs: 2000 },
    retry: (attempt, n) => attempt.status === 429 && n < 20, // what HighLevel retries, and only that
    onAttempt(attempt) {
      if (attempt.status >= 200 && attempt.status < 300) answered++;
      if (!rolling && answered >= rollAt)
        rolling = (async () => {
          await restart(0);
          await restart(1);
        })();
    },
  });
  await rolling;

  const counts = statusCounts(run.attempts);
  const first = run.attempts.filter((a) => a.n === 1);
  const ok = first.filter((a) => a.status >= 200 && a.status < 300).length;
  const tooMany = run.attempts.filter((a) => a.status === 429).length;
  const other = run.attempts.filter((a) => !(a.status >= 200 && a.status < 300) && a.status !== 429);
  const p = percentiles(run.attempts.map((a) => a.ms));
  for (const r of restarts) {
    report.measure(
      `restart ${r.name}`,
      `pid ${r.oldPid} → ${r.newPid}: exit ${JSON.stringify(r.exit)} ${ms(r.exitMs)} after SIGTERM; healthy again ${ms(r.downMs)} after it`,
    );
  }
  report.measure(
    "deliveries",
    `${order.length} sent in ${run.seconds.toFixed(1)} s; first answers: ${ok} 2xx; 429 answers in all: ${tooMany} (retried); anything else: ${other.length}; answers ${JSON.stringify(counts)}`,
  );
  report.measure("latency (every attempt, through nginx)", `p50 ${ms(p.p50)}, p99 ${ms(p.p99)}, longest ${ms(p.max)}`);
  report.check(
    "both instances were restarted, each exiting 0",
    restarts.length === 2 && restarts.every((r) => r.exit.code === 0),
    restarts.map((r) => `${r.name} ${JSON.stringify(r.exit)}`).join(", "),
  );
  report.check(
    "no answer other than 2xx or 429 (no 5xx from nginx, no reset, no refused connection)",
    other.length === 0,
    other.length
      ? `${other.length}: ${other
          .slice(0, 3)
          .map((a) => a.status || a.error)
          .join(", ")}`
      : "",
  );
  checkEveryDelivered(report, run, "every delivery answered 2xx in the end");
  report.check("the longest answer under 5 s", p.max < 5000, ms(p.max));

  // verifyStore reads through one instance's API: every delivery stored once (no
  // duplicate from the proxy), every 2xx backed by its event, the projection right.
  await verifyStore(report, { baseUrl: servers[0].url, databaseUrl, deliveries, sentIdx: new Set(order), attempts: run.attempts, duplicates: "bounds" });
});
