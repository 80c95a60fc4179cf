#!/usr/bin/env node
// Two instances (PostgreSQL only): two app servers on different ports share one
// PostgreSQL, and every delivery is sent to both at the same moment. Verifies one
// Event per delivery, exactly one "stored" answer per delivery (the other
// "duplicate", never both "stored"), the same eventId from both, and the projected
// state (per-subject advisory locks across processes). A 503 is retried like
// HighLevel would and reported; a delivery that never got a 2xx fails.
//
//   node scripts/reliability/two-instances.mjs [--short] [--database-url URL]
//        [--pg-port 55462] [--ports 3404,3405] [--sends N] [--concurrency 25] [--seed N]
// Without --database-url: an own throwaway cluster. A given URL is emptied first.
import { join } from "node:path";
import { clusterDir, describeUrl, getJson, ownCluster, postgresAvailable, prepareApp, prepareDatabase, startServer, tempDir } from "./lib/app.mjs";
import { parseArgs, runScript } from "./lib/common.mjs";
import { isConnectionError, runSenders, target } from "./lib/sender.mjs";
import { fetchAll, latencyReport, statusCounts, verifyStore } from "./lib/verify.mjs";
import { describeWorkload, makeWorkload } from "./lib/workload.mjs";

const { short, flags } = parseArgs();
const sends = Number(flags.sends ?? (short ? 1000 : 10000));
const concurrency = Number(flags.concurrency ?? 25); // pairs: 2 x 25 = 50 requests at once
const ports = String(flags.ports ?? "3404,3405").split(",").map(Number);
const pgPort = Number(flags["pg-port"] ?? 55462);
const seed = Number(flags.seed ?? 4);

await runScript(`two instances (${short ? "short" : "full"}, PostgreSQL)`, short ? 240 : 900, async (report) => {
  let databaseUrl = flags["database-url"];
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) throw new Error("--database-url must be a postgresql:// URL");
  const appDir = await prepareApp();
  const work = tempDir("two");
  if (!databaseUrl) {
    if (!postgresAvailable()) throw new Error("PostgreSQL server binaries not found (apt-get install -y postgresql)");
    databaseUrl = await ownCluster(clusterDir("two", pgPort), pgPort);
  }
  report.measure("database", `postgresql ${describeUrl(databaseUrl)} (emptied and migrated)`);
  await prepareDatabase(databaseUrl);
  const { deliveries, order, stats } = makeWorkload({ sends, seed });
  describeWorkload(report, stats);

  const servers = await Promise.all(ports.map((port, i) => startServer({ appDir, port, databaseUrl, logFile: join(work, `server-${i + 1}.log`) })));
  report.measure("servers", servers.map((s) => `pid ${s.pid} on port ${s.port}`).join(", "));

  report.section(`sending every delivery to both instances at once (${concurrency} pairs in flight); 503 and connection errors retried`);
  const run = await runSenders({
    deliveries,
    order,
    targets: servers.map((s) => target(s.url, s.port)),
    concurrency,
    timeoutMs: 30_000,
    retry: (a, n) => (a.status === 503 || isConnectionError(a)) && n < 10,
  });
  latencyReport(report, "both instances together", run.attempts, run.seconds);
  for (const s of servers) latencyReport(report, `instance :${s.port}`, run.attempts.filter((a) => a.port === s.port), run.seconds);
  report.measure("answers", JSON.stringify(statusCounts(run.attempts)));

  const bad5xx = run.attempts.filter((a) => a.status >= 500 && a.status !== 503);
  report.check("no 500 (or other non-503 5xx)", bad5xx.length === 0, bad5xx.length ? `${bad5xx.length}: ${JSON.stringify(bad5xx[0].body)}` : "");
  const n503 = run.attempts.filter((a) => a.status === 503);
  const other = run.attempts.filter((a) => a.status !== 503 && !(a.status >= 200 && a.status < 300));
  report.check("no 4xx or connection error", other.length === 0, other.length ? `${other.length}: ${other[0].status} ${other[0].error ?? ""}` : "");
  report.check("no 503 (the database was never overloaded; none needed a retry)", n503.length === 0, n503.length ? `${n503.length} 503s, all retried: ${JSON.stringify(n503[0].body)}` : "");

  // Per pair: both 2xx, same eventId; never both "stored".
  let bothStored = 0;
  let pairs = 0;
  let split = 0;
  let unanswered = 0;
  let storedDuplicate = 0;
  let bothDuplicate = 0;
  for (const records of run.sends) {
    pairs++;
    const finals = records.map((r) => r.attempts.at(-1));
    if (!finals.every((a) => a.status >= 200 && a.status < 300)) {
      unanswered++;
      continue;
    }
    const statuses = finals.map((a) => a.body.status).sort().join("+");
    if (statuses === "stored+stored") bothStored++;
    else if (statuses === "duplicate+stored") storedDuplicate++;
    else if (statuses === "duplicate+duplicate") bothDuplicate++;
    if (new Set(finals.map((a) => a.body.eventId)).size !== 1) split++;
  }
  report.measure("pairs", `${pairs} sends to both: ${storedDuplicate} stored+duplicate, ${bothDuplicate} duplicate+duplicate (re-sends of a delivery stored earlier: ${stats.resends} re-sends), ${bothStored} stored+stored`);
  report.equal("every pair answered 2xx by both instances (after retries)", unanswered, 0);
  report.equal("never \"stored\" by both instances", bothStored, 0);
  report.equal("both instances name the same eventId", split, 0);
  report.equal("one stored + one duplicate for every first send of a delivery", storedDuplicate, stats.distinct);

  const result = await verifyStore(report, {
    baseUrl: servers[0].url,
    databaseUrl,
    deliveries,
    sentIdx: new Set(order),
    attempts: run.attempts,
    duplicates: n503.length === 0 && other.length === 0 ? "exact" : "bounds",
  });
  // The second instance reads the same state.
  const other2 = await fetchAll(servers[1].url, "/api/locations");
  const first = await fetchAll(servers[0].url, "/api/locations");
  report.check("the second instance serves the same state", JSON.stringify(other2) === JSON.stringify(first) && (await getJson(`${servers[1].url}/api/events?limit=1`)).data[0]?.id === result.events[0]?.id);
  report.check("both instances still running", servers.every((s) => !s.exited));
  await Promise.all(servers.map((s) => s.stop()));
});
