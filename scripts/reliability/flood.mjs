#!/usr/bin/env node
// Junk flood: 3,000 unsigned junk posts at 32 connections must not slow real
// deliveries down. Refusals share the database's writer with deliveries, so before
// the rejected log's group commit every junk post was a transaction of its own.
//   1. baseline: signed deliveries paced at --rate per second, nothing else;
//   2. the same stream while 32 connections post unsigned junk as fast as answered.
// Checks: every signed delivery 200 and stored once; every junk post 401
// missing_signature; the p99 of signed deliveries during the flood under 500 ms; the
// exact total of refusals per cause (GET /api/rejected "totals") equals the junk sent
// while the log kept only a sample of rows.
//
//   node scripts/reliability/flood.mjs [--short] [--database-url URL] [--port 3407] [--junk 3000] [--rate 100]
// SQLite (a fresh temp file) unless --database-url is given.
import { Agent, request } from "node:http";
import { join } from "node:path";
import { now } from "../lib/harness/clock.mjs";
import { percentiles } from "../lib/harness/stats.mjs";
import { getJson, startServer, setUpRun } from "./lib/app.mjs";
import { ms, parseArgs, runScript } from "./lib/common.mjs";
import { runSenders, target } from "./lib/sender.mjs";
import { waitForProjection } from "./lib/verify.mjs";
import { makeWorkload } from "./lib/workload.mjs";

const { flags } = parseArgs();
const port = Number(flags.port ?? 3407);
const junkCount = Number(flags.junk ?? 3000);
const junkConnections = 32;
const rate = Number(flags.rate ?? 100);
const p99LimitMs = 500;

/** Posts `count` unsigned junk bodies over `connections` kept-alive sockets; resolves with each answer's status and code. */
async function flood(url, count, connections) {
  const agent = new Agent({ keepAlive: true, maxSockets: connections, timeout: 4000 });
  const answers = [];
  let next = 0;
  const one = (i) =>
    new Promise((resolve) => {
      const body = Buffer.from(`{"junk":${i},"padding":"${"x".repeat(200)}"}`);
      const t0 = now();
      const req = request(url, { method: "POST", agent, headers: { "content-type": "application/json", "content-length": body.length } }, (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => {
          let code = null;
          try {
            code = JSON.parse(Buffer.concat(chunks).toString("utf8"))?.error?.code ?? null;
          } catch {}
          resolve({ status: res.statusCode, code, ms: now() - t0 });
        });
      });
      req.on("error", (error) => resolve({ status: 0, code: error.code ?? error.message, ms: now() - t0 }));
      req.end(body);
    });
  const worker = async () => {
    while (next < count) answers.push(await one(next++));
  };
  const t0 = now();
  await Promise.all(Array.from({ length: connections }, worker));
  agent.destroy();
  return { answers, seconds: (now() - t0) / 1000 };
}

await runScript("junk flood (unsigned posts beside signed deliveries)", 240, async (report) => {
  const { appDir, work, databaseUrl } = await setUpRun(report, "flood", flags);
  const server = await startServer({ appDir, port, databaseUrl, logFile: join(work, "server.log") });
  const base = target(server.url, port);

  // Enough signed deliveries to cover the flood (measured first, below) at `rate`.
  const { deliveries } = makeWorkload({ sends: 4000, seed: 11, resendShare: 0, otherShare: 0 });
  let used = 0;
  const stream = (count) => {
    const order = Array.from({ length: count }, (_, i) => used + i);
    used += count;
    return runSenders({ deliveries, order, targets: [base], concurrency: 8, pace: rate, timeoutMs: 10_000 });
  };

  report.section(`1. baseline: signed deliveries at ${rate}/s, no junk`);
  const baseline = await stream(rate * 3);
  const pBase = percentiles(baseline.attempts.map((a) => a.ms));
  report.measure(
    "signed, baseline",
    `${baseline.attempts.length} in ${baseline.seconds.toFixed(1)} s; p50 ${ms(pBase.p50)}, p99 ${ms(pBase.p99)}, max ${ms(pBase.max)}`,
  );

  report.section(`2. ${junkCount} unsigned junk posts at ${junkConnections} connections, signed deliveries at ${rate}/s meanwhile`);
  const junkRun = flood(`${server.url}/api/webhooks/highlevel`, junkCount, junkConnections);
  // The signed stream runs while the flood lasts (at least 2 s of it).
  let floodDone = false;
  void junkRun.then(() => (floodDone = true));
  const during = [];
  while (!floodDone || during.length === 0) {
    const part = await stream(rate / 2); // half a second of deliveries per round
    during.push(...part.attempts);
    if (used + rate > deliveries.length) break;
  }
  const junk = await junkRun;
  const pJunk = percentiles(junk.answers.map((a) => a.ms));
  report.measure(
    "junk",
    `${junk.answers.length} in ${junk.seconds.toFixed(1)} s = ${(junk.answers.length / junk.seconds).toFixed(0)}/s; p50 ${ms(pJunk.p50)}, p99 ${ms(pJunk.p99)}`,
  );
  const pDuring = percentiles(during.map((a) => a.ms));
  report.measure(
    "signed, during the flood",
    `${during.length}; p50 ${ms(pDuring.p50)}, p90 ${ms(pDuring.p90)}, p99 ${ms(pDuring.p99)}, max ${ms(pDuring.max)}`,
  );

  const refusedRight = junk.answers.filter((a) => a.status === 401 && a.code === "missing_signature").length;
  report.check(
    `every junk post answered 401 missing_signature`,
    refusedRight === junkCount,
    `${refusedRight} of ${junkCount}; others: ${JSON.stringify(junk.answers.filter((a) => a.status !== 401).slice(0, 3))}`,
  );
  const signedOk = [...baseline.attempts, ...during].filter((a) => a.status === 200).length;
  report.check(
    "every signed delivery answered 200",
    signedOk === baseline.attempts.length + during.length,
    `${signedOk} of ${baseline.attempts.length + during.length}`,
  );
  report.check(`p99 of signed deliveries during the flood under ${p99LimitMs} ms`, pDuring.p99 < p99LimitMs, `${ms(pDuring.p99)} (baseline ${ms(pBase.p99)})`);

  await waitForProjection(server.url);
  const health = await getJson(`${server.url}/api/events?limit=1`);
  const stored = health.data?.[0]?.id ?? 0;
  report.check("every signed delivery stored once", stored === used, `newest event id ${stored}, ${used} deliveries sent`);

  const rejected = await getJson(`${server.url}/api/rejected?limit=100`);
  report.check(
    "GET /api/rejected totals count every junk post exactly",
    rejected.totals?.missing_signature === junkCount,
    `totals ${JSON.stringify(rejected.totals)}`,
  );
  const rows = rejected.data ?? [];
  const represented = rows.reduce((n, r) => n + 1 + (r.repeats ?? 0), 0);
  report.measure("rejected rows kept", `${rows.length} rows standing for ${represented} refusals (the rest folded into each burst's latest row)`);
  report.check(
    "the log kept a sample, not 3,000 rows, and its latest row is the flood's last",
    rows.length < 100 && rows[0]?.cause === "missing_signature",
    `${rows.length} rows; newest: ${rows[0]?.cause} ×${(rows[0]?.repeats ?? 0) + 1}`,
  );
});
