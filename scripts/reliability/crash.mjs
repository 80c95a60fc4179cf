#!/usr/bin/env node
// Crash: during the load, `kill -9` the next-server process (spawned directly, so
// its PID is ours), restart it on the same database and finish sending; senders
// retry connection errors and 429s with backoff, like HighLevel. The receiver acks
// after the raw append and projects later, so a kill also leaves events stored but
// not yet projected (and may cut a projection transaction short). Then verifies:
// every delivery that got a 2xx before or after a crash is stored exactly once; the
// restarted process takes the projector lease over once the dead one's expires;
// and, once /api/health says the projector is no longer behind, every stored event
// is projected exactly once (each association/relation's eventCount = its stored
// events, the state equals the one computed from what was sent, location counts
// and day rollups agree, the saved position is the log's head, SQLite integrity),
// and after all retries stored events = distinct deliveries.
//
//   node scripts/reliability/crash.mjs [--short] [--kills N] [--database-url URL]
//        [--port 3402] [--sends N] [--concurrency 50] [--seed N]
// SQLite (a fresh temp file) unless --database-url is given.
import { join } from "node:path";
import { now, sleep } from "../lib/harness/clock.mjs";
import { queryDatabase, startServer, setUpRun } from "./lib/app.mjs";
import { ms, parseArgs, runScript } from "./lib/common.mjs";
import { isConnectionError, runSenders, target } from "./lib/sender.mjs";
import { checkEveryDelivered, checkNo5xx, latencyReport, statusCounts, verifyStore, watchTakeover } from "./lib/verify.mjs";
import { describeWorkload, makeWorkload } from "./lib/workload.mjs";

const { short, flags } = parseArgs();
const sends = Number(flags.sends ?? (short ? 2000 : 10000));
const kills = Number(flags.kills ?? (short ? 1 : 3));
const concurrency = Number(flags.concurrency ?? 50);
const port = Number(flags.port ?? 3402);
const seed = Number(flags.seed ?? 2);

await runScript(`crash (${short ? "short" : "full"})`, short ? 240 : 900, async (report) => {
  const { appDir, work, databaseUrl } = await setUpRun(report, "crash", flags);
  const { deliveries, order, stats } = makeWorkload({ sends, seed });
  describeWorkload(report, stats);

  const logFile = join(work, "server.log");
  let server = await startServer({ appDir, port, databaseUrl, logFile });
  const pids = [server.pid];
  report.measure("server", `pid ${server.pid} on port ${port}`);

  const inFlight = new Set();
  const crashes = [];
  let completed = 0;
  let crashing = null;
  const thresholds = Array.from({ length: kills }, (_, k) => Math.floor(((k + 1) * order.length) / (kills + 1)));

  async function crashAndRestart() {
    const killAt = now();
    const inFlightAtKill = [...inFlight].map((m) => m.idx);
    const pid = server.pid;
    await server.kill9();
    const killMs = now() - killAt;
    // What had been committed when the process died (read straight from the database).
    let committed = null;
    try {
      const [row] = await queryDatabase(
        databaseUrl,
        `SELECT COUNT(*) AS n, MAX(id) AS "maxId", (SELECT "position" FROM "ProjectorState" WHERE "name" = 'main') AS "position" FROM "Event"`,
      );
      const position = Number(row.position ?? 0);
      const [{ behind }] = await queryDatabase(databaseUrl, `SELECT COUNT(*) AS behind FROM "Event" WHERE id > ${position}`);
      committed = { events: Number(row.n), maxId: Number(row.maxId ?? 0), position, behind: Number(behind) };
    } catch (error) {
      committed = { error: error.message };
    }
    await sleep(300); // senders meet a closed port for a moment, as after a real crash
    const restartAt = now();
    server = await startServer({ appDir, port, databaseUrl, logFile });
    pids.push(server.pid);
    const crash = {
      pid,
      killAt,
      killMs,
      inFlightAtKill,
      committed,
      restartedAt: now(),
      downMs: now() - killAt,
      restartMs: now() - restartAt,
      completedAtKill: completed,
    };
    crashes.push(crash);
    // The dead process's lease runs out (5 s) before the new one may project.
    crash.takeover = watchTakeover(server, crash.restartedAt);
  }

  report.section(
    `sending with ${kills} kill -9 (after ${thresholds.join(", ")} answered sends), ${concurrency} senders retrying connection errors and 429 with backoff`,
  );
  const run = await runSenders({
    deliveries,
    order,
    targets: [target(() => server.url, port)],
    concurrency,
    inFlight,
    timeoutMs: 30_000,
    backoff: { baseMs: 100, capMs: 2000 },
    retry: (attempt, n) => (isConnectionError(attempt) || attempt.status === 429) && n < 40,
    onAttempt(attempt) {
      if (attempt.status >= 200 && attempt.status < 300) completed++;
      if (!crashing && crashes.length < kills && completed >= thresholds[crashes.length]) {
        crashing = crashAndRestart().finally(() => (crashing = null));
      }
    },
  });
  if (crashing !== null) await crashing;
  latencyReport(report, "throughput including the crashes", run.attempts, run.seconds);
  report.measure("answers (all attempts)", JSON.stringify(statusCounts(run.attempts)));

  // What happened at each kill.
  for (const [i, c] of crashes.entries()) {
    const failedAtKill = run.attempts.filter((a) => a.status === 0 && a.startedAt < c.killAt && a.endedAt >= c.killAt);
    const refusedWhileDown = run.attempts.filter((a) => a.status === 0 && a.startedAt >= c.killAt && a.startedAt < c.restartedAt);
    // Each delivery in flight at the kill: was it already stored before (a re-send in
    // flight), stored by the killed attempt itself (committed, answer lost: every 2xx
    // it got says "duplicate"), or not committed (stored by a retry after the restart)?
    let storedEarlier = 0;
    let committedAnswerLost = 0;
    let notCommitted = 0;
    for (const idx of new Set(c.inFlightAtKill)) {
      const answers = run.attempts.filter((a) => a.idx === idx && a.status >= 200 && a.status < 300);
      const stored = answers.find((a) => a.body?.status === "stored");
      if (!stored) committedAnswerLost++;
      else if (stored.endedAt < c.killAt) storedEarlier++;
      else notCommitted++;
    }
    report.measure(
      `kill ${i + 1}`,
      `kill -9 pid ${c.pid} after ${c.completedAtKill} answered sends; ${c.inFlightAtKill.length} requests in flight, ${failedAtKill.length} of them failed ` +
        `(the others had their answer on the wire already); of the deliveries in flight, ${committedAnswerLost} had committed and lost their answer ` +
        `(the retry answered duplicate), ${notCommitted} had not committed (stored by a retry), ${storedEarlier} were re-sends of a delivery stored before; ` +
        `${c.committed?.events ?? "?"} events on disk at the kill, ${c.committed?.behind ?? "?"} of them not yet projected (projector position ${c.committed?.position ?? "?"}); ` +
        `${refusedWhileDown.length} attempts refused while down; back up (healthy) ${c.restartMs.toFixed(0)} ms after restart, ${c.downMs.toFixed(0)} ms after the kill`,
    );
  }
  const takeovers = await Promise.all(crashes.map((c) => c.takeover));
  report.measure(
    "projector takeover after each restart",
    takeovers.map((t, i) => `kill ${i + 1}: ${t === null ? "never" : ms(t)} after the restart`).join("; "),
  );
  report.equal("kills performed", crashes.length, kills);
  report.check(
    "after each restart the new process took the projector lease over within 10 s (the dead one's lease is 5 s)",
    takeovers.length === kills && takeovers.every((t) => t !== null && t <= 10_000),
    takeovers.map((t) => (t === null ? "never" : ms(t))).join(", "),
  );
  report.check(
    "every kill hit requests in flight",
    crashes.every((c) => c.inFlightAtKill.length > 0),
    crashes.map((c) => c.inFlightAtKill.length).join(", "),
  );
  report.check("the server was really restarted (a new PID each time)", new Set(pids).size === kills + 1, pids.join(" → "));
  checkNo5xx(report, run.attempts);
  const unexpected = run.attempts.filter((a) => a.status !== 0 && a.status !== 429 && !(a.status >= 200 && a.status < 300));
  report.check("no 4xx other than 429", unexpected.length === 0, unexpected.length ? `${unexpected.length}: ${unexpected[0].status}` : "");
  const bad429 = run.attempts.filter((a) => a.status === 429 && (a.body?.error?.code !== "storage_unavailable" || !(Number(a.retryAfter) > 0)));
  report.check(
    "every 429 is storage_unavailable with Retry-After",
    bad429.length === 0,
    bad429.length ? `${bad429.length}: ${JSON.stringify(bad429[0].body)}` : `${run.attempts.filter((a) => a.status === 429).length} answers 429`,
  );
  checkEveryDelivered(report, run);
  const retries = run.attempts.filter((a) => a.n > 1).length;
  report.measure(
    "retries",
    `${retries} attempts were retries; ${run.attempts.filter((a) => a.status === 0).length} connection errors, ${run.attempts.filter((a) => a.status === 429).length} answers 429`,
  );

  await verifyStore(report, {
    baseUrl: server.url,
    databaseUrl,
    deliveries,
    sentIdx: new Set(order),
    attempts: run.attempts,
    duplicates: "bounds",
  });
  await server.stop();
});
