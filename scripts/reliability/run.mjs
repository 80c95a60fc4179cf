#!/usr/bin/env node
// npm run reliability [-- --short]: every "nothing lost" script in sequence, each
// with its own server(s) and database, then the totals line "N passed, N failed".
//
//   1. load.mjs            on SQLite (a temp file)
//   2. keepalive.mjs       on SQLite (a temp file): oversized and aborted bodies on a kept-alive connection
//   3. flood.mjs           on SQLite (a temp file): 3,000 unsigned junk posts beside signed deliveries
//   4. crash.mjs           on SQLite (a temp file)
//   5. shutdown.mjs        on SQLite (a temp file): SIGTERM under load, restart
//   6. load.mjs            on PostgreSQL
//   7. load.mjs            on PostgreSQL, a burst of 200 concurrent senders
//   8. outage.mjs          on an own throwaway PostgreSQL cluster (it stops it)
//   9. two-instances.mjs   on PostgreSQL
//  10. rolling.mjs         on PostgreSQL: two instances behind nginx, restarted one after the other
//  11. backup.mjs          on SQLite (sqlite3 .backup) and on PostgreSQL (pg_dump/pg_restore)
//
// PostgreSQL for 6, 7, 9, 10 and 11's second half (10 also needs nginx): DATABASE_URL when it is a postgresql:// URL (it is
// emptied, like npm test does), otherwise an own throwaway cluster
// (scripts/pg-throwaway.sh, --pg-port, default 55460). Without PostgreSQL's server
// binaries and without such a URL, those are skipped (reported, not counted).
// Options: --short (CI sizes), --pg-port N, --outage-pg-port N (default 55461),
// --only load,keepalive,flood,crash,shutdown,load-pg,burst-pg,outage,two-instances,rolling,backup.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { cleanUpOnSignals, runCleanups } from "../lib/harness/cleanup.mjs";
import { now } from "../lib/harness/clock.mjs";
import { postgresAvailable } from "../lib/harness/postgres.mjs";
import { root } from "../lib/root.mjs";
import { clusterDir, describeUrl, isPostgresUrl, nginxAvailable, ownCluster, prepareApp } from "./lib/app.mjs";
import { parseArgs } from "./lib/common.mjs";

const { short, flags } = parseArgs();
const only = flags.only ? new Set(String(flags.only).split(",")) : null;
const pgPort = Number(flags["pg-port"] ?? 55460);
const outagePgPort = Number(flags["outage-pg-port"] ?? 55461);
const sizeFlag = short ? ["--short"] : [];
const startedAt = now();

const running = new Set();
cleanUpOnSignals(() => {
  for (const child of running) child.kill("SIGTERM");
});

/** Runs one script, echoing its output; returns its counts. */
function runOne(name, args, limitSeconds) {
  return new Promise((resolve) => {
    const t0 = now();
    const child = spawn(process.execPath, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"], env: process.env });
    running.add(child);
    let tail = "";
    const onData = (stream) => (chunk) => {
      stream.write(chunk);
      tail = (tail + chunk.toString()).slice(-4000);
    };
    child.stdout.on("data", onData(process.stdout));
    child.stderr.on("data", onData(process.stderr));
    const timer = setTimeout(() => {
      console.log(`\n${name}: still running after ${limitSeconds} s; stopping it`);
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), 15_000).unref();
    }, limitSeconds * 1000);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      const lines = tail.split("\n").filter((l) => /^\d+ passed, \d+ failed$/.test(l));
      const last = lines.at(-1);
      let passed = 0;
      let failed = 0;
      if (last) [passed, failed] = last.match(/\d+/g).map(Number);
      // A script that failed without reporting a failure still counts as one.
      if ((code !== 0 || signal) && failed === 0) failed = 1;
      resolve({ name, passed, failed, seconds: (now() - t0) / 1000 });
    });
  });
}

const results = [];
const skipped = [];
const want = (id) => !only || only.has(id);
const script = (file) => join(root, "scripts/reliability", file);
const limit = short ? 300 : 1200;

try {
  process.env.AM_RELIABILITY_APP_DIR = await prepareApp();

  if (want("load")) results.push(await runOne("load (sqlite)", [script("load.mjs"), ...sizeFlag], limit));
  if (want("keepalive")) results.push(await runOne("keep-alive (sqlite)", [script("keepalive.mjs"), ...sizeFlag], short ? 180 : 300));
  if (want("flood")) results.push(await runOne("junk flood (sqlite)", [script("flood.mjs"), ...sizeFlag], short ? 180 : 300));
  if (want("crash")) results.push(await runOne("crash (sqlite)", [script("crash.mjs"), ...sizeFlag], limit));
  if (want("shutdown")) results.push(await runOne("graceful shutdown (sqlite)", [script("shutdown.mjs"), ...sizeFlag], limit));

  if (want("backup")) results.push(await runOne("backup and restore (sqlite)", [script("backup.mjs"), ...sizeFlag], limit));
  const pgParts = ["load-pg", "burst-pg", "outage", "two-instances", "rolling", "backup"].filter(want);
  let pgUrl = isPostgresUrl(process.env.DATABASE_URL) ? process.env.DATABASE_URL : null;
  const canStart = postgresAvailable();
  if (pgParts.length && !pgUrl && canStart && pgParts.some((p) => p !== "outage")) {
    pgUrl = await ownCluster(clusterDir("run", pgPort), pgPort);
    console.log(`\nPostgreSQL: own throwaway cluster on port ${pgPort}`);
  } else if (pgUrl) {
    console.log(`\nPostgreSQL: ${describeUrl(pgUrl)} (from DATABASE_URL; it is emptied)`);
  }
  if (want("load-pg")) {
    if (pgUrl) results.push(await runOne("load (postgresql)", [script("load.mjs"), ...sizeFlag, "--database-url", pgUrl], limit));
    else skipped.push("load (postgresql): no postgresql:// DATABASE_URL and no PostgreSQL server binaries");
  }
  if (want("burst-pg")) {
    // 200 deliveries at once: more than the pool's 10 connections can serve without
    // queueing. Regression check: waiting for a pooled connection must be neither a
    // 5xx nor a 429 (group commit absorbs the burst).
    const burst = ["--concurrency", "200", "--sends", short ? "2000" : "6000", "--seed", "5"];
    if (pgUrl) results.push(await runOne("burst of 200 concurrent (postgresql)", [script("load.mjs"), ...sizeFlag, ...burst, "--database-url", pgUrl], limit));
    else skipped.push("burst (postgresql): no postgresql:// DATABASE_URL and no PostgreSQL server binaries");
  }
  if (want("outage")) {
    if (canStart) results.push(await runOne("outage (postgresql)", [script("outage.mjs"), ...sizeFlag, "--pg-port", String(outagePgPort)], limit));
    else skipped.push("outage (postgresql): needs PostgreSQL server binaries for its own cluster (apt-get install -y postgresql)");
  }
  if (want("two-instances")) {
    if (pgUrl) results.push(await runOne("two instances (postgresql)", [script("two-instances.mjs"), ...sizeFlag, "--database-url", pgUrl], limit));
    else skipped.push("two instances (postgresql): no postgresql:// DATABASE_URL and no PostgreSQL server binaries");
  }
  if (want("backup")) {
    if (pgUrl) results.push(await runOne("backup and restore (postgresql)", [script("backup.mjs"), ...sizeFlag, "--database-url", pgUrl], limit));
    else skipped.push("backup and restore (postgresql): no postgresql:// DATABASE_URL and no PostgreSQL server binaries");
  }
  if (want("rolling")) {
    if (!pgUrl) skipped.push("rolling restart (postgresql): no postgresql:// DATABASE_URL and no PostgreSQL server binaries");
    else if (!nginxAvailable()) skipped.push("rolling restart (postgresql): needs nginx (apt-get install -y nginx)");
    else results.push(await runOne("rolling restart behind nginx (postgresql)", [script("rolling.mjs"), ...sizeFlag, "--database-url", pgUrl], limit));
  }
} catch (error) {
  console.error(error?.stack ?? String(error));
  results.push({ name: "setup", passed: 0, failed: 1, seconds: 0 });
} finally {
  await runCleanups();
}

console.log(`\n=== reliability (${short ? "short" : "full"}) in ${((now() - startedAt) / 1000).toFixed(0)} s`);
for (const r of results) console.log(`${r.name}: ${r.passed} passed, ${r.failed} failed (${r.seconds.toFixed(0)} s)`);
for (const s of skipped) console.log(`skipped: ${s}`);
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
