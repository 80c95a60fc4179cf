#!/usr/bin/env node
// npm run bench [-- --scale <fraction>] [-- --only sqlite|postgresql]
// Performance of the built app on SQLite and on PostgreSQL (own throwaway cluster),
// each figure beside a baseline measured in the same run. Per database:
//   seed (bare drivers) → reads → export → ingest → burst + projector → npm start start-up
// Prints Markdown tables and writes bench-results/latest.json. Loopback only: app
// servers on 127.0.0.1:3500-3501, bare servers 3510-3511, npm start 3520-3521,
// PostgreSQL on 55470. See README "Performance".
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";
import { cleanUpOnSignals, runCleanups, tempDir } from "../lib/harness/cleanup.mjs";
import { now } from "../lib/harness/clock.mjs";
import { portInUse } from "../lib/harness/ports.mjs";
import { postgresAvailable } from "../lib/harness/postgres.mjs";
import { root } from "../lib/root.mjs";
import { prepareTestDatabase } from "../lib/test-database.mjs";
import { prepareApp, startCluster, startServer } from "./lib/app.mjs";
import { elapsedSeconds, log, parseArgs } from "./lib/common.mjs";
import { explainSlowReads } from "./lib/explain.mjs";
import { measureExport } from "./lib/export.mjs";
import { generate } from "./lib/generate.mjs";
import { measureBurst } from "./lib/burst.mjs";
import { measureIngest } from "./lib/ingest.mjs";
import { measureReads } from "./lib/reads.mjs";
import { markdownTables } from "./lib/report.mjs";
import { seed } from "./lib/seed.mjs";
import { measureStartup } from "./lib/startup.mjs";

const PORTS = { sqlite: { app: 3500, bare: 3510, start: 3520 }, postgresql: { app: 3501, bare: 3511, start: 3521 } };
const PG_PORT = 55470;
const DEADLINE_S = 20 * 60; // phases not begun by then are skipped: the run stays under about 22 minutes (the body-search index made seeding longer)

const options = parseArgs();
cleanUpOnSignals();

function machine() {
  const git = (...args) => execFileSync("git", args, { cwd: root, encoding: "utf8" }).trim();
  return {
    date: new Date().toISOString(),
    nproc: cpus().length,
    cpu: /model name\s*:\s*(.*)/.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? cpus()[0]?.model,
    ramGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    loadAverageAtStart: loadavg().map((l) => Number(l.toFixed(2))),
    commit: `${git("rev-parse", "--short", "HEAD")}${git("status", "--porcelain", "--untracked-files=no") ? " (with uncommitted changes)" : ""}`,
    scale: options.scale,
  };
}

/** Fills `out` as it goes, so a failure part-way still reports what was measured. */
async function runDatabase(db, out, data, appDir, workDir) {
  out.dataset = data.counts;
  const ports = PORTS[db];
  for (const port of Object.values(ports)) if (await portInUse(port)) throw new Error(`port ${port} is in use`);
  let url;
  if (db === "sqlite") url = `file:${join(workDir, "bench.db")}`;
  else {
    if (!postgresAvailable()) {
      out.skipped = "PostgreSQL's server binaries are not installed (apt-get install -y postgresql)";
      return;
    }
    url = await startCluster(PG_PORT); // stops a cluster a killed run left in its directory; fails if another one has the port
  }
  await prepareTestDatabase(url);
  const t0 = now();
  await seed(db, url, data);
  out.seedSeconds = Number(((now() - t0) / 1000).toFixed(1));

  const server = await startServer({ appDir, port: ports.app, databaseUrl: url, logFile: join(workDir, `${db}-server.log`) });
  out.nextStartMs = Math.round(server.startMs);
  const phases = [
    ["reads", async () => (out.reads = await measureReads({ server, data }))],
    ["explain", async () => (out.explain = await explainSlowReads({ db, url, reads: out.reads }))],
    ["export", async () => (out.export = await measureExport({ server, kind: db, databaseUrl: url, smallLocation: data.locationRows.at(-1).locationId }))],
    ["ingest", async () => (out.ingest = await measureIngest({ server, databaseUrl: url, data, scale: options.scale, barePort: ports.bare }))],
    ["burst", async () => (out.burst = await measureBurst({ server, kind: db, databaseUrl: url, data, scale: options.scale }))],
    [
      "startup",
      async () => {
        await server.stop(); // one server at a time: start-up is timed on an otherwise idle app
        out.startup = await measureStartup({ port: ports.start, databaseUrl: url });
      },
    ],
  ];
  try {
    for (const [name, run] of phases) {
      if (elapsedSeconds() > DEADLINE_S) {
        out.error = `time limit: skipped ${name} and later phases`;
        break;
      }
      log(`${db}: ${name}`);
      await run();
    }
  } finally {
    await server.stop();
  }
}

const meta = machine();
log(`bench at scale ${options.scale} on ${meta.nproc} × ${meta.cpu}, ${meta.ramGb} GB, Node ${meta.node}, load ${meta.loadAverageAtStart.join(" ")}`);
const results = {};
try {
  const appDir = await prepareApp();
  const workDir = tempDir("am-bench-");
  log("generating the data set…");
  const data = generate(options.scale);
  for (const db of ["sqlite", "postgresql"]) {
    if (options.only && options.only !== db) continue;
    results[db] = {};
    try {
      await runDatabase(db, results[db], data, appDir, workDir);
    } catch (error) {
      log(`${db}: ${error.stack ?? error}`);
      results[db].error = error.message;
    }
    if (db === "sqlite") rmSync(join(workDir, "bench.db"), { force: true }); // ~2 GB at full scale
  }
} finally {
  await runCleanups();
}
meta.loadAverageAtEnd = loadavg().map((l) => Number(l.toFixed(2)));
meta.seconds = Math.round(elapsedSeconds());
const tables = markdownTables(results);
mkdirSync(join(root, "bench-results"), { recursive: true });
writeFileSync(join(root, "bench-results/latest.json"), `${JSON.stringify({ meta, results, tables }, null, 2)}\n`);
console.log(
  `\nMeasured ${meta.date.slice(0, 10)} at scale ${meta.scale} on ${meta.nproc} × ${meta.cpu}, ${meta.ramGb} GB RAM, Node ${meta.node} (load average ${meta.loadAverageAtStart.join(" ")} at start, ${meta.loadAverageAtEnd.join(" ")} at end; ${meta.seconds} s in all)\n`,
);
console.log(tables);
console.log("Written to bench-results/latest.json");
