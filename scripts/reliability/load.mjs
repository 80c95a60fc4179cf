#!/usr/bin/env node
// Load: a fresh database, the real built app, 50 concurrent senders, 20,000 signed
// deliveries (--short: 2,000) of realistic association/relation traffic in several
// locations, 10% of them re-sends and some out of order. Then verifies that nothing
// was lost or stored twice, no 5xx, duplicate counts, and the projected state.
//
//   node scripts/reliability/load.mjs [--short] [--database-url URL] [--port 3401]
//        [--sends N] [--concurrency 50] [--seed N]
// Without --database-url: a fresh SQLite file in a temp dir. A PostgreSQL URL is
// emptied first (like npm test).
import { join } from "node:path";
import { isPostgresUrl, startServer, setUpRun } from "./lib/app.mjs";
import { parseArgs, runScript } from "./lib/common.mjs";
import { runSenders, target } from "./lib/sender.mjs";
import { latencyReport, statusCounts, verifyStore } from "./lib/verify.mjs";
import { describeWorkload, makeWorkload } from "./lib/workload.mjs";

const { short, flags } = parseArgs();
const sends = Number(flags.sends ?? (short ? 2000 : 20000));
const concurrency = Number(flags.concurrency ?? 50);
const port = Number(flags.port ?? 3401);
const seed = Number(flags.seed ?? 1);

await runScript(`load (${short ? "short" : "full"}${concurrency !== 50 ? `, ${concurrency} concurrent senders` : ""})`, short ? 240 : 900, async (report) => {
  const { appDir, work, databaseUrl } = await setUpRun(report, "load", flags, { note: " (emptied and migrated)" });
  const database = isPostgresUrl(databaseUrl) ? "postgresql" : "sqlite";

  const { deliveries, order, stats } = makeWorkload({ sends, seed });
  describeWorkload(report, stats);

  const server = await startServer({ appDir, port, databaseUrl, logFile: join(work, "server.log") });
  report.measure("server", `pid ${server.pid} on port ${port}, healthy after ${server.startMs.toFixed(0)} ms`);

  report.section(`sending: ${concurrency} concurrent senders, no retries`);
  const run = await runSenders({ deliveries, order, targets: [target(server.url, port)], concurrency, timeoutMs: 30_000 });
  latencyReport(report, `throughput on ${database}`, run.attempts, run.seconds);
  // The first seconds of a fresh server are slower (V8 warming up, first connections).
  const t0 = Math.min(...run.attempts.map((a) => a.startedAt));
  const steady = run.attempts.filter((a) => a.startedAt - t0 >= 3000);
  if (steady.length)
    latencyReport(
      report,
      "steady state (requests started 3 s or more after the first)",
      steady,
      (Math.max(...steady.map((a) => a.endedAt)) - t0 - 3000) / 1000,
    );
  const counts = statusCounts(run.attempts);
  report.measure("answers", JSON.stringify(counts));
  const fivexx = run.attempts.filter((a) => a.status >= 500);
  report.check("no 5xx at all", fivexx.length === 0, fivexx.length ? `${fivexx.length}: ${JSON.stringify(fivexx[0].body)}` : "");
  const failed = run.attempts.filter((a) => !(a.status >= 200 && a.status < 300));
  report.check(
    "every delivery answered 2xx (no 4xx, no connection error, no timeout)",
    failed.length === 0,
    failed.length ? `${failed.length}: ${failed[0].status} ${failed[0].error ?? JSON.stringify(failed[0].body)}` : `${run.attempts.length}`,
  );
  report.equal('"stored" answers = distinct deliveries', run.attempts.filter((a) => a.body?.status === "stored").length, stats.distinct);
  report.equal('"duplicate" answers = re-sends', run.attempts.filter((a) => a.body?.status === "duplicate").length, stats.resends);

  await verifyStore(report, {
    baseUrl: server.url,
    databaseUrl,
    deliveries,
    sentIdx: new Set(order),
    attempts: run.attempts,
    duplicates: "exact",
  });
  report.check("server still running after the load", !server.exited);
  await server.stop();
});
