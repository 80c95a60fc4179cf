#!/usr/bin/env node
// Database outage (PostgreSQL only, on an own throwaway cluster): during a paced
// load, PostgreSQL is stopped the hard way (`pg_ctl stop -m immediate`). HighLevel
// retries only a 429, so the receiver must answer every delivery it cannot store
// with 429 + Retry-After (storage_unavailable), never a 5xx, and fast (none over
// 1 s: a slow answer is one the sender may give up on); it must stay up, and
// /api/health must answer 503 and count the refusals. After PostgreSQL is started
// again, /api/health must be 200 within a few seconds and deliveries 200 without
// restarting the app. Then every delivery that got a 429 (or a connection error)
// is replayed, as HighLevel's retries would, and the store is verified: each
// stored exactly once, nothing missing, and, once /api/health says the projector
// is no longer behind, the projected state equal to the state computed from what
// was sent (every event projected exactly once).
//
//   node scripts/reliability/outage.mjs [--short] [--pg-port 55461] [--pg-dir DIR]
//        [--port 3403] [--sends N] [--rate N] [--outage SECONDS] [--seed N] [--freeze]
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { onCleanup } from "../lib/harness/cleanup.mjs";
import { now, sleep } from "../lib/harness/clock.mjs";
import { postgresAvailable } from "../lib/harness/postgres.mjs";
import { percentiles } from "../lib/harness/stats.mjs";
import { root } from "../lib/root.mjs";
import { clusterDir, httpGet, ownCluster, prepareApp, prepareDatabase, startServer, tempDir } from "./lib/app.mjs";
import { ms, parseArgs, runScript } from "./lib/common.mjs";
import { isConnectionError, runSenders, target } from "./lib/sender.mjs";
import { latencyReport, statusCounts, verifyStore } from "./lib/verify.mjs";
import { describeWorkload, makeWorkload } from "./lib/workload.mjs";

const run = promisify(execFile);
const { short, flags } = parseArgs();
const warmSeconds = Number(flags.warm ?? (short ? 3 : 8));
const outageSeconds = Number(flags.outage ?? (short ? 5 : 15));
const afterSeconds = Number(flags.after ?? (short ? 5 : 12));
const rate = Number(flags.rate ?? (short ? 120 : 150));
const sends = Number(flags.sends ?? Math.round(rate * (warmSeconds + outageSeconds + afterSeconds + 2)));
const concurrency = Number(flags.concurrency ?? 50);
const port = Number(flags.port ?? 3403);
const pgPort = Number(flags["pg-port"] ?? 55461);
const seed = Number(flags.seed ?? 3);
const freeze = flags.freeze === true;
const maxOutageLatencyMs = 1000;
// How long after /api/health is 200 again every delivery must be stored: the
// receiver's breaker (ingest-queue breakerMs, 1 s) plus some slack.
const settleMs = 1500;

function statusReasons(attempts) {
  const reasons = {};
  for (const a of attempts) {
    const reason = a.body?.error?.details?.reason ?? "(none)";
    reasons[reason] = (reasons[reason] ?? 0) + 1;
  }
  return reasons;
}

await runScript(`outage (${short ? "short" : "full"}, PostgreSQL${freeze ? ", frozen instead of stopped" : ""})`, short ? 240 : 900, async (report) => {
  if (!postgresAvailable()) throw new Error("PostgreSQL server binaries not found (apt-get install -y postgresql)");
  const appDir = await prepareApp();
  const work = tempDir("outage");
  const pgDir = flags["pg-dir"] || clusterDir("outage", pgPort);
  const databaseUrl = await ownCluster(pgDir, pgPort);
  report.measure("database", `own throwaway PostgreSQL cluster ${pgDir} on port ${pgPort}`);
  await prepareDatabase(databaseUrl);
  const { deliveries, order, stats } = makeWorkload({ sends, seed });
  describeWorkload(report, stats);

  const server = await startServer({ appDir, port, databaseUrl, logFile: join(work, "server.log") });
  report.measure("server", `pid ${server.pid} on port ${port}`);

  const script = join(root, "scripts/pg-throwaway.sh");
  // --freeze (an experiment, not part of run.mjs): instead of stopping PostgreSQL,
  // SIGSTOP every process of the cluster (a hung server or a network black hole:
  // connections are neither refused nor answered), then SIGCONT.
  async function freezeCluster(signal) {
    const postmaster = readFileSync(join(pgDir, "postmaster.pid"), "utf8").split("\n")[0].trim();
    const { stdout } = await run("pgrep", ["-P", postmaster]).catch(() => ({ stdout: "" }));
    for (const pid of [postmaster, ...stdout.split(/\s+/).filter(Boolean)]) {
      try {
        process.kill(Number(pid), `SIG${signal}`);
      } catch {}
    }
  }
  if (freeze) onCleanup(() => freezeCluster("CONT").catch(() => {}));
  const timeline = {};
  const probes = [];
  let probing = true;
  const prober = (async () => {
    while (probing) {
      const t = now();
      const res = await httpGet(`${server.url}/api/health`, { timeoutMs: 15_000 });
      let body = null;
      try {
        body = JSON.parse(res.text);
      } catch {}
      probes.push({
        t,
        status: res.status,
        ms: res.ms,
        projector: body?.projector ?? null,
        receiver: body?.receiver ?? body?.error?.details?.receiver ?? null,
      });
      await sleep(200);
    }
  })();

  const controller = (async () => {
    timeline.start = now();
    await sleep(warmSeconds * 1000);
    timeline.stopAt = now();
    if (freeze) await freezeCluster("STOP");
    else await run(script, ["stop", pgDir, "immediate"]);
    timeline.stopped = now();
    await sleep(outageSeconds * 1000);
    timeline.startAt = now();
    if (freeze) await freezeCluster("CONT");
    else await run(script, ["start", pgDir, String(pgPort)]);
    timeline.pgUp = now();
    while (now() - timeline.pgUp < 30_000) {
      const res = await httpGet(`${server.url}/api/health`, { timeoutMs: 5000 });
      if (res.status === 200) break;
      await sleep(50);
    }
    timeline.healthy = now();
  })();

  report.section(
    `sending ${rate}/s paced, ${concurrency} senders; PostgreSQL down (immediate stop) from ${warmSeconds} s for ${outageSeconds} s; failed deliveries are kept for replay`,
  );
  const first = await runSenders({ deliveries, order, targets: [target(server.url, port)], concurrency, pace: rate, timeoutMs: 30_000 });
  await controller;
  probing = false;
  await prober;
  latencyReport(report, "whole run", first.attempts, first.seconds);
  report.measure("answers", JSON.stringify(statusCounts(first.attempts)));

  const rel = (t) => `${((t - timeline.start) / 1000).toFixed(2)} s`;
  report.measure(
    "timeline",
    `stop -m immediate at ${rel(timeline.stopAt)} (took ${ms(timeline.stopped - timeline.stopAt)}), start at ${rel(timeline.startAt)}, ` +
      `PostgreSQL accepting at ${rel(timeline.pgUp)} (pg_ctl start took ${ms(timeline.pgUp - timeline.startAt)}), /api/health 200 at ${rel(timeline.healthy)}`,
  );
  const before = first.attempts.filter((a) => a.startedAt < timeline.stopAt);
  const pb = percentiles(before.map((a) => a.ms));
  report.measure(
    "before the outage",
    `${before.length} deliveries: ${JSON.stringify(statusCounts(before))}; latency p50 ${ms(pb.p50)}, p99 ${ms(pb.p99)}, max ${ms(pb.max)} (includes the cold start)`,
  );
  const during = first.attempts.filter((a) => a.startedAt >= timeline.stopAt && a.startedAt < timeline.healthy);
  const duringLatency = percentiles(during.map((a) => a.ms));
  const first429 = first.attempts.filter((a) => a.status === 429 && a.startedAt >= timeline.stopAt).sort((a, b) => a.endedAt - b.endedAt)[0];
  report.measure(
    "during the outage",
    `${during.length} deliveries: ${JSON.stringify(statusCounts(during))}; latency p50 ${ms(duringLatency.p50)}, p99 ${ms(duringLatency.p99)}, max ${ms(duringLatency.max)}; ` +
      `first 429 ${first429 ? ms(first429.endedAt - timeline.stopAt) : "never"} after the stop began`,
  );
  const recovery = timeline.healthy - timeline.pgUp;
  report.measure(
    "recovery",
    `/api/health 200 ${ms(recovery)} after PostgreSQL accepted connections again (${ms(timeline.healthy - timeline.startAt)} after its start began; outage seen by clients ${((timeline.healthy - timeline.stopAt) / 1000).toFixed(1)} s)`,
  );

  const the5xx = first.attempts.filter((a) => a.status >= 500);
  report.check(
    "no 5xx at all, ever (HighLevel would not retry it)",
    the5xx.length === 0,
    the5xx.length ? `${the5xx.length}: ${the5xx[0].status} ${JSON.stringify(the5xx[0].body)}` : "",
  );
  const the429s = first.attempts.filter((a) => a.status === 429);
  report.check("the outage was felt: deliveries answered 429", the429s.length > 0, `${the429s.length}`);
  report.measure("429 reasons", JSON.stringify(statusReasons(the429s)));
  const wrong429 = the429s.filter((a) => a.body?.error?.code !== "storage_unavailable" || !a.body?.error?.details?.reason || !(Number(a.retryAfter) > 0));
  report.check(
    "every 429 is storage_unavailable with a reason and a Retry-After header",
    wrong429.length === 0,
    wrong429.length ? `${wrong429.length}: Retry-After ${wrong429[0].retryAfter}, ${JSON.stringify(wrong429[0].body)}` : `${the429s.length} answers`,
  );
  const other = first.attempts.filter((a) => a.status !== 429 && !(a.status >= 200 && a.status < 300));
  report.check(
    "no other failure: only 2xx or 429 (no 4xx, no connection error, no timeout)",
    other.length === 0,
    other.length ? `${other.length}: ${other[0].status} ${other[0].error ?? JSON.stringify(other[0].body)}` : "",
  );
  const slow = during.filter((a) => a.ms > maxOutageLatencyMs);
  report.check(
    `no delivery took longer than ${maxOutageLatencyMs} ms during the outage`,
    slow.length === 0 && during.length > 0,
    `${slow.length} of ${during.length} over; max ${ms(duringLatency.max)}`,
  );
  const downProbes = probes.filter((p) => p.t >= timeline.stopped && p.t + p.ms < timeline.startAt);
  report.check(
    "/api/health answered 503 while PostgreSQL was down",
    downProbes.length > 0 && downProbes.every((p) => p.status === 503),
    `${downProbes.length} probes: ${JSON.stringify(statusCounts(downProbes))}, max ${ms(Math.max(...downProbes.map((p) => p.ms)))}`,
  );
  report.check(`/api/health 200 again within 5 s of PostgreSQL being back`, recovery <= 5000, ms(recovery));
  // What the operator sees: the refusals are counted where the database is not needed.
  const lastReceiver = [...probes].reverse().find((p) => p.receiver)?.receiver;
  report.measure("/api/health receiver (last probe)", JSON.stringify(lastReceiver ?? null));
  report.check(
    "/api/health counts the refusals (receiver.refused429.total > 0, lastRefusal set)",
    (lastReceiver?.refused429?.total ?? 0) > 0 && Boolean(lastReceiver?.lastRefusal),
    `refused429.total ${lastReceiver?.refused429?.total ?? "?"}; the senders got ${the429s.length} answers 429`,
  );
  const after = first.attempts.filter((a) => a.startedAt >= timeline.healthy);
  const pa = percentiles(after.map((a) => a.ms));
  report.measure(
    "after recovery",
    `${after.length} deliveries: ${JSON.stringify(statusCounts(after))}; latency p50 ${ms(pa.p50)}, p99 ${ms(pa.p99)}, max ${ms(pa.max)}`,
  );
  // After a failed append the receiver refuses for breakerMs (1 s) without trying,
  // so a failure just before PostgreSQL came back still costs up to a second of 429s.
  const lateRefusals = after.filter((a) => a.status === 429);
  if (lateRefusals.length) {
    const last = Math.max(...lateRefusals.map((a) => a.startedAt));
    report.measure(
      "429 after /api/health was 200 again",
      `${lateRefusals.length} (reasons ${JSON.stringify(statusReasons(lateRefusals))}), the last one started ${ms(last - timeline.healthy)} after it (the receiver's 1 s breaker)`,
    );
  }
  const settled = after.filter((a) => a.startedAt >= timeline.healthy + settleMs);
  const settledBad = settled.filter((a) => !(a.status >= 200 && a.status < 300));
  report.check(
    `every delivery from ${settleMs} ms after recovery on answered 2xx (same app process)`,
    settled.length > 0 && settledBad.length === 0,
    `${settled.length} deliveries, ${settledBad.length} not 2xx${settledBad.length ? `: ${JSON.stringify(statusCounts(settledBad))}` : ""}`,
  );
  report.check("the app never went down or restarted", !server.exited, `pid ${server.pid}`);
  // The projector stalls with the database and resumes on its own.
  const stalled = probes.filter((p) => p.projector && p.t >= timeline.healthy);
  const caughtUp = stalled.find((p) => p.projector.behind === 0);
  const worstLag = Math.max(0, ...probes.filter((p) => p.projector).map((p) => p.projector.behind));
  report.measure(
    "projector",
    `most events behind at a probe: ${worstLag}; caught up (behind 0) ${caughtUp ? `${ms(caughtUp.t - timeline.pgUp)} after PostgreSQL was back` : "not before the sending ended"}`,
  );

  report.section("replaying every delivery that got a 429 or a connection error (HighLevel's retries)");
  const failedSends = first.sends.flat().filter((r) => !r.attempts.some((a) => a.status >= 200 && a.status < 300));
  const replayOrder = failedSends.map((r) => r.idx);
  const replay = await runSenders({
    deliveries,
    order: replayOrder,
    targets: [target(server.url, port)],
    concurrency: 10,
    timeoutMs: 30_000,
    backoff: { baseMs: 200, capMs: 2000 },
    retry: (a, n) => (a.status === 429 || isConnectionError(a)) && n < 10,
  });
  report.measure(
    "replay",
    `${replayOrder.length} sends replayed (${new Set(replayOrder).size} distinct deliveries): ${JSON.stringify(statusCounts(replay.attempts))}`,
  );
  const replayFailed = replay.sends.flat().filter((r) => !r.attempts.some((a) => a.status >= 200 && a.status < 300));
  report.check(
    "every replayed delivery answered 2xx",
    replayOrder.length > 0 && replayFailed.length === 0,
    replayFailed.length ? `${replayFailed.length} failed` : `${replayOrder.length}`,
  );
  const replay5xx = replay.attempts.filter((a) => a.status >= 500 || (a.status !== 429 && !(a.status >= 200 && a.status < 300)));
  report.check(
    "the replay met only 2xx or 429",
    replay5xx.length === 0,
    replay5xx.length ? `${replay5xx.length}: ${replay5xx[0].status} ${replay5xx[0].error ?? ""}` : "",
  );
  // A delivery answered 429 may still have committed (its COMMIT went through, the
  // connection broke before the answer): its replay says "duplicate", like the
  // replay of a re-send whose original was stored before the outage.
  const storedInFirst = new Set(first.attempts.filter((a) => a.body?.status === "stored").map((a) => a.idx));
  const storedInReplay = new Set(replay.attempts.filter((a) => a.body?.status === "stored").map((a) => a.idx));
  const replayedIdx = new Set(replayOrder);
  const neverStored = [...replayedIdx].filter((i) => !storedInFirst.has(i) && !storedInReplay.has(i));
  report.measure(
    "replayed deliveries",
    `${storedInReplay.size} stored by the replay, ${[...replayedIdx].filter((i) => storedInFirst.has(i)).length} re-sends of a delivery stored before, ` +
      `${neverStored.length} committed by an attempt answered 429 (the replay answered duplicate: stored once, acknowledged once)`,
  );

  await verifyStore(report, {
    baseUrl: server.url,
    databaseUrl,
    deliveries,
    sentIdx: new Set(order),
    attempts: [...first.attempts, ...replay.attempts],
    duplicates: "bounds",
  });
  await server.stop();
});
