#!/usr/bin/env node
// Graceful shutdown: during the load, SIGTERM the server (a deploy, an upgrade) and
// start it again on the same database once it has exited; senders retry connection
// errors and 429s with backoff, like HighLevel (in a real deploy a proxy sends the
// new connections to the other instance meanwhile). Checks: every request sent
// before the signal is answered 2xx or 429, none reset or left unanswered; the
// server exits 0 within SHUTDOWN_TIMEOUT_S, saying it shut down cleanly; the
// restarted process projects at once (the stopped one gave its lease up instead of
// leaving it to expire); and, as after a crash, every 2xx is stored exactly once and
// everything is projected exactly once.
//
//   node scripts/reliability/shutdown.mjs [--short] [--restarts N] [--database-url URL]
//        [--port 3408] [--sends N] [--concurrency 50] [--seed N]
// SQLite (a fresh temp file) unless --database-url is given.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { now } from "../lib/harness/clock.mjs";
import { startServer, setUpRun } from "./lib/app.mjs";
import { ms, parseArgs, runScript } from "./lib/common.mjs";
import { isConnectionError, runSenders, target } from "./lib/sender.mjs";
import { checkEveryDelivered, checkNo5xx, latencyReport, statusCounts, verifyStore, watchTakeover } from "./lib/verify.mjs";
import { describeWorkload, makeWorkload } from "./lib/workload.mjs";

const { short, flags } = parseArgs();
const sends = Number(flags.sends ?? (short ? 2000 : 10000));
const restarts = Number(flags.restarts ?? (short ? 1 : 3));
const concurrency = Number(flags.concurrency ?? 50);
const port = Number(flags.port ?? 3408);
const seed = Number(flags.seed ?? 8);
const timeoutSeconds = 10; // SHUTDOWN_TIMEOUT_S's default, which the server runs with

await runScript(`graceful shutdown (${short ? "short" : "full"})`, short ? 240 : 900, async (report) => {
  const { appDir, work, databaseUrl } = await setUpRun(report, "shutdown", flags);
  const { deliveries, order, stats } = makeWorkload({ sends, seed });
  describeWorkload(report, stats);

  const logFile = join(work, "server.log");
  let server = await startServer({ appDir, port, databaseUrl, logFile });
  const pids = [server.pid];
  report.measure("server", `pid ${server.pid} on port ${port}`);

  const inFlight = new Set();
  const stops = [];
  let completed = 0;
  let stopping = null;
  const thresholds = Array.from({ length: restarts }, (_, k) => Math.floor(((k + 1) * order.length) / (restarts + 1)));

  async function stopAndRestart() {
    const pid = server.pid;
    const inFlightAtSignal = inFlight.size;
    const signalAt = now();
    server.child.kill("SIGTERM");
    const exit = await server.exitPromise;
    const exitMs = now() - signalAt;
    const restartAt = now();
    server = await startServer({ appDir, port, databaseUrl, logFile });
    pids.push(server.pid);
    const stop = {
      pid,
      signalAt,
      exit,
      exitMs,
      inFlightAtSignal,
      exitedAt: signalAt + exitMs,
      restartedAt: now(),
      restartMs: now() - restartAt,
      completedAtSignal: completed,
    };
    stops.push(stop);
    stop.takeover = watchTakeover(server, stop.restartedAt);
  }

  report.section(
    `sending with ${restarts} SIGTERM and restart (after ${thresholds.join(", ")} answered sends), ${concurrency} senders retrying connection errors and 429 with backoff`,
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
      if (!stopping && stops.length < restarts && completed >= thresholds[stops.length]) {
        stopping = stopAndRestart().finally(() => (stopping = null));
      }
    },
  });
  if (stopping !== null) await stopping;
  latencyReport(report, "throughput including the restarts", run.attempts, run.seconds);
  report.measure("answers (all attempts)", JSON.stringify(statusCounts(run.attempts)));

  for (const [i, s] of stops.entries()) {
    const before = run.attempts.filter((a) => a.startedAt < s.signalAt && a.endedAt >= s.signalAt);
    const unanswered = before.filter((a) => a.status === 0);
    const answered = before.filter((a) => a.status !== 0);
    const statuses = JSON.stringify(statusCounts(answered));
    report.measure(
      `restart ${i + 1}`,
      `SIGTERM to pid ${s.pid} after ${s.completedAtSignal} answered sends with ${s.inFlightAtSignal} requests in flight; ${before.length} requests were still open at the signal, answered ${statuses}; ` +
        `exit ${JSON.stringify(s.exit)} after ${ms(s.exitMs)}; back up (healthy) ${s.restartMs.toFixed(0)} ms after the restart`,
    );
    report.check(
      `restart ${i + 1}: every request sent before the signal was answered (2xx or 429), none reset or left unanswered`,
      unanswered.length === 0 && answered.every((a) => (a.status >= 200 && a.status < 300) || a.status === 429),
      unanswered.length
        ? `${unanswered.length} unanswered: ${unanswered
            .slice(0, 3)
            .map((a) => a.error)
            .join(", ")}`
        : statuses,
    );
    report.check(
      `restart ${i + 1}: the server exited 0 within SHUTDOWN_TIMEOUT_S (${timeoutSeconds} s)`,
      s.exit.code === 0 && s.exitMs < timeoutSeconds * 1000,
      `${JSON.stringify(s.exit)} after ${ms(s.exitMs)}`,
    );
    report.check(`restart ${i + 1}: it had requests in flight at the signal`, s.inFlightAtSignal > 0, String(s.inFlightAtSignal));
  }
  const cleanLines = readFileSync(logFile, "utf8")
    .split("\n")
    .filter((l) => l.includes("Shut down cleanly")).length;
  report.check("each stopped server logged that it shut down cleanly", cleanLines === restarts, `${cleanLines} "Shut down cleanly" lines`);
  const takeovers = await Promise.all(stops.map((s) => s.takeover));
  report.measure("projector takeover after each restart", takeovers.map((t, i) => `restart ${i + 1}: ${t === null ? "never" : ms(t)}`).join("; "));
  // A stopped server gives its lease up: no waiting out the 5 s lease as after a crash.
  report.check(
    "after each restart the new process took the projector within 2 s (the stopped one released its lease)",
    takeovers.length === restarts && takeovers.every((t) => t !== null && t <= 2000),
    takeovers.map((t) => (t === null ? "never" : ms(t))).join(", "),
  );
  report.check("the server was really restarted (a new PID each time)", new Set(pids).size === restarts + 1, pids.join(" → "));
  checkNo5xx(report, run.attempts);
  checkEveryDelivered(report, run);

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
