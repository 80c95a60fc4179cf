#!/usr/bin/env node
// Two instances (PostgreSQL only): two app servers on different ports share one
// PostgreSQL, and every delivery is sent to both at the same moment. Verifies one
// Event per delivery, exactly one "stored" answer per delivery (the other
// "duplicate", never both "stored"), the same eventId from both; exactly one
// projector at a time (sampling /api/health on both: the same single
// projector.owner, "hostname:pid:random", naming one of the two pids); then
// `kill -9` of the instance that owns the projector in the middle of the sending,
// which goes on to the survivor only: the survivor must take the projector over
// within 10 s (its pid becomes the owner), and once it is no longer behind, every
// event must be projected exactly once (the state computed from what was sent).
// Finally the killed instance is started again: it serves the same state and does
// not take the projector from the survivor. A 429 is retried like HighLevel would
// and reported; a delivery that never got a 2xx fails.
//
//   node scripts/reliability/two-instances.mjs [--short] [--database-url URL]
//        [--pg-port 55462] [--ports 3404,3405] [--sends N] [--concurrency 25] [--seed N]
// Without --database-url: an own throwaway cluster. A given URL is emptied first.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { now, sleep } from "../lib/harness/clock.mjs";
import { getJson, startServer, setUpRun } from "./lib/app.mjs";
import { ms, parseArgs, runScript } from "./lib/common.mjs";
import { isConnectionError, runSenders, target } from "./lib/sender.mjs";
import { fetchAll, latencyReport, ownerPid, projectorOf, statusCounts, verifyStore } from "./lib/verify.mjs";
import { describeWorkload, makeWorkload } from "./lib/workload.mjs";

const { short, flags } = parseArgs();
const sends = Number(flags.sends ?? (short ? 1500 : 10000));
const concurrency = Number(flags.concurrency ?? 25); // pairs: 2 x 25 = 50 requests at once
const ports = String(flags.ports ?? "3404,3405")
  .split(",")
  .map(Number);
const pgPort = Number(flags["pg-port"] ?? 55462);
const seed = Number(flags.seed ?? 4);
const killShare = Number(flags["kill-at"] ?? 0.4); // of the sends answered
const takeoverLimitMs = 10_000;
const leaseTaken = "projector lease taken; projecting";
const leaseLost = "projector lease lost to another process";

const is2xx = (a) => a?.status >= 200 && a?.status < 300;

await runScript(`two instances (${short ? "short" : "full"}, PostgreSQL)`, short ? 240 : 900, async (report) => {
  const { appDir, work, databaseUrl } = await setUpRun(report, "two", flags, { postgresPort: pgPort, note: " (emptied and migrated)" });
  const { deliveries, order, stats } = makeWorkload({ sends, seed });
  describeWorkload(report, stats);

  // LOG_LEVEL info: each server logs when it takes the projector lease (and warns
  // when it loses it), which is counted below.
  const logFiles = ports.map((_, i) => join(work, `server-${i + 1}.log`));
  const start = (port, i) => startServer({ appDir, port, databaseUrl, logFile: logFiles[i], extraEnv: { LOG_LEVEL: "info" } });
  const servers = await Promise.all(ports.map(start));
  report.measure("servers", servers.map((s) => `pid ${s.pid} on port ${s.port}`).join(", "));
  const countLines = (file, line) => readFileSync(file, "utf8").split(line).length - 1;

  // /api/health of every live instance, every 200 ms, for the whole run.
  const alive = new Set(servers);
  const samples = [];
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const t = now();
      await Promise.all(
        [...alive].map(async (s) => {
          const p = await projectorOf(s.url);
          if (p && !s.exited) samples.push({ t, port: s.port, pid: s.pid, owner: p.owner, leaseUntil: p.leaseUntil, behind: p.behind });
        }),
      );
      await sleep(200);
    }
  })();

  // The kill: once half the sends are answered, kill -9 the projector's owner.
  const kill = { done: null, at: null, victim: null, survivor: null, owner: null, ownerIsInstance: false, inFlight: 0 };
  const inFlight = new Set();
  let answered = 0;
  async function killOwner() {
    const p = await projectorOf(servers[0].url);
    kill.owner = p?.owner ?? null;
    kill.victim = servers.find((s) => s.pid === ownerPid(kill.owner)) ?? null;
    kill.ownerIsInstance = kill.victim !== null;
    kill.victim ??= servers[0]; // still test a takeover; the check below has failed
    kill.survivor = servers.find((s) => s !== kill.victim);
    kill.inFlight = [...inFlight].filter((m) => m.target.port === kill.victim.port).length;
    alive.delete(kill.victim);
    kill.at = now();
    await kill.victim.kill9();
    kill.killMs = now() - kill.at;
    // Until the survivor's pid is the owner.
    while (now() - kill.at < 30_000) {
      const q = await projectorOf(kill.survivor.url);
      if (q && ownerPid(q.owner) === kill.survivor.pid) {
        kill.takeoverMs = now() - kill.at;
        kill.newOwner = q.owner;
        break;
      }
      await sleep(50);
    }
  }

  const targets = servers.map((s) => {
    const t = target(s.url, s.port);
    t.server = s;
    return t;
  });
  // The last fifth of the sends is held back until the survivor has taken the
  // projector over, so it projects deliveries that arrive after the takeover too
  // (however fast the first part went).
  const holdBack = Math.floor(order.length * 0.8);
  const threshold = Math.floor(order.length * killShare);
  report.section(
    `sending every delivery to both instances at once (${concurrency} pairs in flight), kill -9 of the projector's owner after ${threshold} answered sends, ` +
      `then to the survivor only (the last ${order.length - holdBack} sends after its takeover); 429 and connection errors retried`,
  );
  const sendOptions = {
    deliveries,
    targets: () => targets.filter((t) => alive.has(t.server)),
    concurrency,
    inFlight,
    timeoutMs: 30_000,
    // A delivery in flight to the killed instance went to the survivor as well.
    retry: (a, n) => (a.status === 429 || isConnectionError(a)) && n < 10 && alive.has(targets.find((t) => t.port === a.port).server),
  };
  const phase1 = await runSenders({
    ...sendOptions,
    order: order.slice(0, holdBack),
    onAttempt(a) {
      if (a.n === 1 && a.port === ports[0] && is2xx(a)) answered++;
      if (!kill.done && answered >= threshold) kill.done = killOwner();
    },
  });
  if (kill.done) await kill.done;
  const phase2 = await runSenders({ ...sendOptions, order: order.slice(holdBack) });
  const run = { attempts: [...phase1.attempts, ...phase2.attempts], sends: [...phase1.sends, ...phase2.sends], seconds: phase1.seconds + phase2.seconds };
  // Keep sampling a moment after the sending, so the survivor's lease renewals are seen.
  await sleep(1000);
  sampling = false;
  await sampler;
  latencyReport(report, "both instances together", run.attempts, run.seconds);
  for (const s of servers)
    latencyReport(
      report,
      `instance :${s.port}`,
      run.attempts.filter((a) => a.port === s.port),
      run.seconds,
    );
  report.measure("answers", JSON.stringify(statusCounts(run.attempts)));

  const { victim, survivor } = kill;
  report.check(
    "the kill happened during the sending, and sending went on past the takeover",
    kill.at !== null && phase1.attempts.some((a) => a.startedAt > kill.at + 500) && phase2.attempts.length > 0 && kill.takeoverMs !== undefined,
    kill.at === null
      ? "never"
      : `${run.attempts.filter((a) => a.startedAt > kill.at).length} attempts started after the kill, ${phase2.attempts.length} after the takeover`,
  );
  if (!victim) return;
  report.measure(
    "kill",
    `kill -9 pid ${victim.pid} (:${victim.port}), owner ${kill.owner}; ${kill.inFlight} requests to it in flight; ` +
      `survivor pid ${survivor.pid} (:${survivor.port}) became the owner ${kill.takeoverMs !== undefined ? `${ms(kill.takeoverMs)} after the kill (${kill.newOwner})` : "never"}`,
  );

  // Answers.
  const bad5xx = run.attempts.filter((a) => a.status >= 500);
  report.check("no 5xx at all (HighLevel would not retry it)", bad5xx.length === 0, bad5xx.length ? `${bad5xx.length}: ${JSON.stringify(bad5xx[0].body)}` : "");
  const n429 = run.attempts.filter((a) => a.status === 429);
  const wrong429 = n429.filter((a) => a.body?.error?.code !== "storage_unavailable" || !(Number(a.retryAfter) > 0));
  report.check(
    "every 429 is storage_unavailable with Retry-After",
    wrong429.length === 0,
    wrong429.length ? `${wrong429.length}: ${JSON.stringify(wrong429[0].body)}` : `${n429.length} answers 429`,
  );
  const killedByKill = (a) => a.port === victim.port && a.status === 0 && a.endedAt >= kill.at;
  const other = run.attempts.filter((a) => a.status !== 429 && !is2xx(a) && !killedByKill(a));
  report.check(
    "no 4xx, and no connection error but those cut off by the kill",
    other.length === 0,
    other.length
      ? `${other.length}: ${other[0].status} ${other[0].error ?? ""} on :${other[0].port}`
      : `${run.attempts.filter(killedByKill).length} cut off by the kill`,
  );
  report.check(
    "no 429 (the database was never overloaded; none needed a retry)",
    n429.length === 0,
    n429.length ? `${n429.length} 429s, all retried: ${JSON.stringify(n429[0].body)}` : "",
  );

  // Per send: the survivor always answered 2xx; where both answered, same eventId
  // and never both "stored".
  let bothStored = 0;
  let pairs = 0;
  let split = 0;
  let survivorUnanswered = 0;
  let pairUnanswered = 0;
  let storedDuplicate = 0;
  let bothDuplicate = 0;
  let survivorOnly = 0;
  for (const records of run.sends) {
    const byPort = new Map(records.map((r) => [r.target.port, r.attempts.at(-1)]));
    if (!is2xx(byPort.get(survivor.port))) survivorUnanswered++;
    const finals = [...byPort.values()];
    if (finals.length < 2) {
      survivorOnly++;
      continue;
    }
    pairs++;
    if (!finals.every(is2xx)) {
      // Before the kill both must answer; a send in flight at the kill may lose one.
      if (Math.max(...records.map((r) => r.attempts[0].startedAt)) < kill.at && finals.every((a) => a.endedAt < kill.at)) pairUnanswered++;
      continue;
    }
    const statuses = finals
      .map((a) => a.body.status)
      .sort()
      .join("+");
    if (statuses === "stored+stored") bothStored++;
    else if (statuses === "duplicate+stored") storedDuplicate++;
    else if (statuses === "duplicate+duplicate") bothDuplicate++;
    if (new Set(finals.map((a) => a.body.eventId)).size !== 1) split++;
  }
  report.measure(
    "sends",
    `${pairs} to both: ${storedDuplicate} stored+duplicate, ${bothDuplicate} duplicate+duplicate (re-sends of a delivery stored earlier), ${bothStored} stored+stored; ${survivorOnly} to the survivor only after the kill`,
  );
  report.equal("every send answered 2xx by the survivor (after retries)", survivorUnanswered, 0);
  report.equal("every send that ended before the kill answered 2xx by both instances", pairUnanswered, 0);
  report.equal('never "stored" by both instances', bothStored, 0);
  report.equal("both instances name the same eventId", split, 0);

  // One projector at a time.
  const before = samples.filter((s) => s.t < kill.at);
  const ownersBefore = new Set(before.map((s) => s.owner).filter(Boolean));
  report.measure(
    "projector owner before the kill",
    `${before.length} samples (${servers.map((s) => `${before.filter((x) => x.port === s.port).length} from :${s.port}`).join(", ")}): ${[...ownersBefore].join(", ") || "none"}`,
  );
  report.check(
    "before the kill, one single projector owner, the same on both instances, all along",
    ownersBefore.size === 1 && before.every((s) => s.owner === [...ownersBefore][0]) && servers.every((s) => before.some((x) => x.port === s.port)),
    `${ownersBefore.size} owners in ${before.length} samples; ${before.filter((s) => !s.owner).length} samples without one`,
  );
  report.check("the owner names one of the two instances (its pid)", kill.ownerIsInstance, `${kill.owner} vs pids ${servers.map((s) => s.pid).join(", ")}`);
  report.check(
    `the survivor took the projector over within ${takeoverLimitMs / 1000} s of the kill (owner = the survivor's pid)`,
    kill.takeoverMs !== undefined && kill.takeoverMs <= takeoverLimitMs,
    kill.takeoverMs !== undefined ? ms(kill.takeoverMs) : "never",
  );
  const afterTakeover = samples.filter((s) => kill.takeoverMs !== undefined && s.t >= kill.at + kill.takeoverMs);
  const ownersAfter = new Set(afterTakeover.map((s) => s.owner));
  report.check(
    "after the takeover, the survivor alone owned the projector",
    afterTakeover.length > 0 && ownersAfter.size === 1 && ownerPid([...ownersAfter][0]) === survivor.pid,
    `${afterTakeover.length} samples: ${[...ownersAfter].join(", ")}`,
  );
  // Each instance is sampled one request at a time, so its samples are in order:
  // the owner may change once, from the killed owner to the survivor, never back,
  // and no third owner ever shows up.
  const sequences = servers.map((srv) => samples.filter((x) => x.port === srv.port).map((x) => x.owner));
  const monotonic = sequences.every((seq) => {
    const firstNew = seq.findIndex((o) => o !== kill.owner);
    return firstNew === -1 || seq.slice(firstNew).every((o) => o === kill.newOwner);
  });
  const allOwners = new Set(samples.map((x) => x.owner));
  report.check(
    "the owner changed once over the run, from the killed instance to the survivor (never back, no other, never none)",
    monotonic && [...allOwners].every((o) => o === kill.owner || o === kill.newOwner),
    `${samples.length} samples: ${JSON.stringify([...allOwners])}`,
  );
  const taken = logFiles.map((f) => countLines(f, leaseTaken));
  const lost = logFiles.map((f) => countLines(f, leaseLost));
  const vi = servers.indexOf(victim);
  const si = servers.indexOf(survivor);
  report.check(
    `server logs: "${leaseTaken}" once by the killed owner, once by the survivor (after the kill); "${leaseLost}" never`,
    taken[vi] === 1 && taken[si] === 1 && lost.every((n) => n === 0),
    `taken ${taken.join("/")}, lost ${lost.join("/")} (:${servers.map((s) => s.port).join("/:")})`,
  );

  const result = await verifyStore(report, {
    baseUrl: survivor.url,
    databaseUrl,
    deliveries,
    sentIdx: new Set(order),
    attempts: run.attempts,
    duplicates: "bounds",
  });
  report.check("the survivor still running", !survivor.exited);

  // The killed instance comes back: same state, and the projector stays where it is.
  report.section("the killed instance started again");
  const restarted = await start(victim.port, vi);
  report.measure("restarted", `pid ${restarted.pid} on port ${restarted.port}, healthy after ${ms(restarted.startMs)}`);
  const watchStart = now();
  const ownersLater = new Set();
  while (now() - watchStart < 2500) {
    for (const s of [survivor, restarted]) {
      const p = await projectorOf(s.url);
      if (p) ownersLater.add(p.owner);
    }
    await sleep(200);
  }
  report.check(
    "the restarted instance does not take the projector from the survivor",
    ownersLater.size === 1 && ownerPid([...ownersLater][0]) === survivor.pid && countLines(logFiles[vi], leaseTaken) === 1,
    [...ownersLater].join(", "),
  );
  // silentForMs is "now - last delivery", measured at each request: not state.
  const stateOf = (rows) => rows.map(({ silentForMs: _clock, ...row }) => row);
  const a = stateOf(await fetchAll(restarted.url, "/api/locations"));
  const b = stateOf(await fetchAll(survivor.url, "/api/locations"));
  report.check(
    "the restarted instance serves the same state",
    JSON.stringify(a) === JSON.stringify(b) && (await getJson(`${restarted.url}/api/events?limit=1`)).data[0]?.id === result.events[0]?.id,
  );
  await Promise.all([survivor.stop(), restarted.stop()]);
});
