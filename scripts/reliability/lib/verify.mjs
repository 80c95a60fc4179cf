// Verification after a run, through the app's JSON API (every list walked page by
// page) and the database directly: nothing lost, nothing stored twice, every 2xx
// backed by its event, duplicate counts, and the projected state equal to the state
// computed independently from what was sent (./workload.mjs expectedState).
import { now, sleep } from "../../lib/harness/clock.mjs";
import { percentiles } from "../../lib/harness/stats.mjs";
import { getJson, httpGet, queryDatabase } from "./app.mjs";
import { expectedState } from "./workload.mjs";
import { ms } from "./common.mjs";

export async function fetchAll(baseUrl, path) {
  const rows = [];
  let cursor = null;
  for (let page = 0; page < 10_000; page++) {
    const sep = path.includes("?") ? "&" : "?";
    const body = await getJson(`${baseUrl}${path}${sep}limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    rows.push(...body.data);
    if (!body.nextCursor) return rows;
    cursor = body.nextCursor;
  }
  throw new Error(`${path}: too many pages`);
}

const is2xx = (a) => a.status >= 200 && a.status < 300;

/** The pid in a projector owner ("hostname:pid:random"), or null. */
export function ownerPid(owner) {
  const parts = String(owner ?? "").split(":");
  return parts.length >= 3 ? Number(parts.at(-2)) : null;
}

/**
 * Resolves with the ms from `since` until /api/health names this server's pid as the
 * projector owner, or null when that does not happen within 20 s (or it exits).
 */
export async function watchTakeover(server, since, everyMs = 50) {
  while (now() - since < 20_000 && !server.exited) {
    const p = await projectorOf(server.url);
    if (p && ownerPid(p.owner) === server.pid) return now() - since;
    await sleep(everyMs);
  }
  return null;
}

/** Checks that no attempt was answered 5xx: HighLevel retries only a 429. */
export function checkNo5xx(report, attempts) {
  const http5xx = attempts.filter((a) => a.status >= 500);
  report.check(
    "no 5xx at all (HighLevel would not retry it)",
    http5xx.length === 0,
    http5xx.length ? `${http5xx.length}: ${http5xx[0].status} ${JSON.stringify(http5xx[0].body)}` : "",
  );
}

/** Checks that every send got a 2xx in the end, after whatever retries the script allows. */
export function checkEveryDelivered(report, run, label = "every send eventually answered 2xx (after retries)") {
  const failed = run.sends.filter((records) => records.some((r) => !r.attempts.some(is2xx)));
  report.check(label, failed.length === 0, failed.length ? `${failed.length} did not` : "");
}

/** /api/health's projector part, or null when the server did not answer 200. */
export async function projectorOf(baseUrl, timeoutMs = 5000) {
  const res = await httpGet(`${baseUrl}/api/health`, { timeoutMs });
  if (res.status !== 200) return null;
  try {
    return JSON.parse(res.text).projector ?? null;
  } catch {
    return null;
  }
}

/**
 * Polls /api/health until the projector has applied the whole log (behind 0 and
 * position = head). Returns { ok, ms, first, last }: the first and last projector
 * status seen.
 */
export async function waitForProjection(baseUrl, { timeoutMs = 60_000, everyMs = 100 } = {}) {
  const started = now();
  let first = null;
  let last = null;
  while (now() - started < timeoutMs) {
    const p = await projectorOf(baseUrl);
    if (p) {
      first ??= p;
      last = p;
      if (p.behind === 0 && p.position === p.head) return { ok: true, ms: now() - started, first, last };
    }
    await sleep(everyMs);
  }
  return { ok: false, ms: now() - started, first, last };
}

/** Waits for the projector to catch up and reports it as one check. */
async function checkProjectionCaughtUp(report, baseUrl, { timeoutMs = 60_000 } = {}) {
  const w = await waitForProjection(baseUrl, { timeoutMs });
  const at = (p) => (p ? `position ${p.position}, head ${p.head}, behind ${p.behind}, lag ${p.lagSeconds?.toFixed?.(1) ?? p.lagSeconds} s` : "no answer");
  report.measure("projection", `when the verification began: ${at(w.first)}; caught up after ${ms(w.ms)}: ${at(w.last)}`);
  report.check(
    `the projector caught up with the log (/api/health projector.behind 0, position = head) within ${timeoutMs / 1000} s`,
    w.ok,
    `${ms(w.ms)}; ${at(w.last)}`,
  );
  return w;
}

/** Latency and throughput figures for a set of attempts. */
export function latencyReport(report, label, attempts, seconds) {
  const p = percentiles(attempts.filter((a) => a.status > 0).map((a) => a.ms));
  const ok = attempts.filter(is2xx).length;
  report.measure(
    label,
    `${attempts.length} requests in ${seconds.toFixed(1)} s = ${(attempts.length / seconds).toFixed(0)} req/s (${(ok / seconds).toFixed(0)} 2xx/s); ` +
      `latency p50 ${ms(p.p50)}, p90 ${ms(p.p90)}, p99 ${ms(p.p99)}, max ${ms(p.max)}`,
  );
  // Where the slow ones were: per second of the run, how many took over 1 s.
  const t0 = Math.min(...attempts.map((a) => a.startedAt));
  const slow = attempts.filter((a) => a.ms > 1000);
  if (slow.length) {
    const bySecond = new Map();
    for (const a of slow) {
      const sec = Math.floor((a.startedAt - t0) / 1000);
      bySecond.set(sec, (bySecond.get(sec) ?? 0) + 1);
    }
    const list = [...bySecond].sort((a, b) => a[0] - b[0]).map(([sec, n]) => `${n} at ${sec} s`);
    report.measure(
      `${label}: over 1 s`,
      `${slow.length} requests (${((slow.length * 100) / attempts.length).toFixed(2)}%), by start second: ${list.slice(0, 12).join(", ")}${list.length > 12 ? ", …" : ""}`,
    );
  }
  return p;
}

export function statusCounts(attempts) {
  const counts = {};
  for (const a of attempts) {
    const key = a.status === 0 ? `error:${a.error}` : String(a.status);
    counts[key] = (counts[key] ?? 0) + 1;
    if (a.keepAliveRetry)
      counts["(reset on a reused keep-alive connection, sent again at once)"] =
        (counts["(reset on a reused keep-alive connection, sent again at once)"] ?? 0) + 1;
  }
  return counts;
}

function sample(list, n = 3) {
  return list
    .slice(0, n)
    .map((x) => (typeof x === "string" ? x : JSON.stringify(x)))
    .join("; ");
}

/**
 * @param {object} o
 * @param {string} o.baseUrl a running server
 * @param {string} o.databaseUrl for direct reads
 * @param {Array} o.deliveries all distinct deliveries of the workload
 * @param {Set<number>} o.sentIdx deliveries that were sent at least once (all must be stored)
 * @param {Array} o.attempts every attempt made
 * @param {"exact"|"bounds"} o.duplicates exact: duplicateCount = 2xx answers - 1 (no
 *   failed attempts); bounds: 2xx answers - 1 <= duplicateCount <= attempts - 1
 */
export async function verifyStore(report, { baseUrl, databaseUrl, deliveries, sentIdx, attempts, duplicates, projectionTimeoutMs = 60_000 }) {
  report.section("verification (JSON API and database)");
  // The derived tables trail the acknowledgement: compare them only once the
  // projector has applied everything that is in the log.
  await checkProjectionCaughtUp(report, baseUrl, { timeoutMs: projectionTimeoutMs });
  const events = await fetchAll(baseUrl, "/api/events");
  const sent = [...sentIdx].map((i) => deliveries[i]);
  const byWebhook = new Map();
  const storedTwice = [];
  for (const e of events) {
    if (byWebhook.has(e.webhookId)) storedTwice.push(e.webhookId);
    byWebhook.set(e.webhookId, e);
  }
  const eventById = new Map(events.map((e) => [e.id, e]));
  report.measure("stored events", `${events.length} (distinct deliveries sent: ${sent.length})`);
  report.equal("stored events = distinct deliveries sent", events.length, sent.length);
  report.check(
    "no delivery stored twice (one Event per webhookId)",
    storedTwice.length === 0,
    storedTwice.length ? `${storedTwice.length}: ${sample(storedTwice)}` : "",
  );
  const missing = sent.filter((d) => !byWebhook.has(d.webhookId));
  report.check(
    "every delivery sent is stored",
    missing.length === 0,
    missing.length ? `${missing.length} missing: ${sample(missing.map((d) => d.webhookId))}` : "",
  );
  const sentWebhooks = new Set(sent.map((d) => d.webhookId));
  const unknown = events.filter((e) => !sentWebhooks.has(e.webhookId));
  report.check("no stored event that was not sent", unknown.length === 0, unknown.length ? `${unknown.length}` : "");

  // Every 2xx: its event exists, with its webhookId; at most one "stored" per delivery.
  const perDelivery = new Map();
  const badAnswers = [];
  for (const a of attempts) {
    const d = deliveries[a.idx];
    const s = perDelivery.get(a.idx) ?? { ok: 0, stored: 0, duplicate: 0, attempts: 0, eventIds: new Set() };
    perDelivery.set(a.idx, s);
    s.attempts++;
    if (!is2xx(a)) continue;
    s.ok++;
    if (a.body?.status === "stored") s.stored++;
    else if (a.body?.status === "duplicate") s.duplicate++;
    else badAnswers.push(`${a.status} ${JSON.stringify(a.body).slice(0, 100)}`);
    s.eventIds.add(a.body?.eventId);
    const e = eventById.get(a.body?.eventId);
    if (!e || e.webhookId !== d.webhookId) badAnswers.push(`eventId ${a.body?.eventId} for ${d.webhookId}: ${e ? `holds ${e.webhookId}` : "no such event"}`);
  }
  const ok2xx = attempts.filter(is2xx);
  report.measure(
    "2xx answers",
    `${ok2xx.length} (${ok2xx.filter((a) => a.body?.status === "stored").length} stored, ${ok2xx.filter((a) => a.body?.status === "duplicate").length} duplicate)`,
  );
  report.check(
    "every 2xx answer's eventId exists and holds that delivery's webhookId",
    badAnswers.length === 0,
    badAnswers.length ? `${badAnswers.length}: ${sample(badAnswers)}` : `${ok2xx.length} answers`,
  );
  const answerLost = [...perDelivery].filter(([, s]) => s.ok > 0 && s.stored === 0).length;
  report.measure(
    "committed but the answer was lost",
    `${answerLost} deliveries were stored by an attempt whose answer never arrived (every 2xx they got says "duplicate")`,
  );
  const multiStored = [...perDelivery].filter(([, s]) => s.stored > 1);
  report.check('no delivery answered "stored" twice', multiStored.length === 0, multiStored.length ? `${multiStored.length}` : "");
  const splitIds = [...perDelivery].filter(([, s]) => s.eventIds.size > 1);
  report.check("all 2xx answers for one delivery name the same eventId", splitIds.length === 0, splitIds.length ? `${splitIds.length}` : "");
  const okButMissing = [...perDelivery].filter(([idx, s]) => s.ok > 0 && !byWebhook.has(deliveries[idx].webhookId));
  report.check("every delivery that got a 2xx is stored", okButMissing.length === 0, okButMissing.length ? `${okButMissing.length} lost` : "");

  // Duplicate counts.
  const wrongDup = [];
  for (const [idx, s] of perDelivery) {
    const e = byWebhook.get(deliveries[idx].webhookId);
    if (!e) continue;
    const ok = duplicates === "exact" ? e.duplicateCount === s.ok - 1 : e.duplicateCount >= s.ok - 1 && e.duplicateCount <= s.attempts - 1;
    if (!ok) wrongDup.push(`${deliveries[idx].webhookId}: duplicateCount ${e.duplicateCount}, 2xx ${s.ok}, attempts ${s.attempts}`);
  }
  const totalDup = events.reduce((n, e) => n + e.duplicateCount, 0);
  report.measure("duplicateCount total", totalDup);
  report.check(
    duplicates === "exact" ? "duplicateCount = 2xx answers - 1 for every delivery" : "2xx answers - 1 <= duplicateCount <= attempts - 1 for every delivery",
    wrongDup.length === 0,
    wrongDup.length ? `${wrongDup.length}: ${sample(wrongDup)}` : "",
  );

  // Projected state vs the independent model.
  const expected = expectedState(sent);
  const associations = await fetchAll(baseUrl, "/api/associations");
  const relations = await fetchAll(baseUrl, "/api/relations");
  const locations = await fetchAll(baseUrl, "/api/locations");
  compareRows(report, "associations", associations, expected.associations, [
    "key",
    "associationType",
    "firstObjectKey",
    "firstObjectLabel",
    "secondObjectKey",
    "secondObjectLabel",
    "firstObjectToSecondObjectCardinality",
    "secondObjectToFirstObjectCardinality",
    "locationId",
    "status",
    "eventCount",
    "lastEventAt",
    "deletedAt",
  ]);
  compareRows(report, "relations", relations, expected.relations, [
    "associationId",
    "firstObjectKey",
    "firstRecordId",
    "secondObjectKey",
    "secondRecordId",
    "locationId",
    "status",
    "eventCount",
    "lastEventAt",
    "deletedAt",
  ]);
  compareRows(report, "locations", locations, expected.locations, ["associations", "relations", "events", "lastEventAt"], "locationId");

  // Internal consistency, from the stored events themselves (nothing half-written).
  const perSubject = new Map();
  const perLocation = new Map();
  for (const e of events) {
    if (e.kind === "association" || e.kind === "relation") {
      const key = `${e.kind}:${e.subjectId}`;
      perSubject.set(key, (perSubject.get(key) ?? 0) + 1);
    }
    if (e.locationId) perLocation.set(e.locationId, (perLocation.get(e.locationId) ?? 0) + 1);
  }
  const inconsistent = [];
  for (const a of associations)
    if (perSubject.get(`association:${a.id}`) !== a.eventCount)
      inconsistent.push(`association ${a.id}: eventCount ${a.eventCount}, events ${perSubject.get(`association:${a.id}`) ?? 0}`);
  for (const x of relations)
    if (perSubject.get(`relation:${x.id}`) !== x.eventCount)
      inconsistent.push(`relation ${x.id}: eventCount ${x.eventCount}, events ${perSubject.get(`relation:${x.id}`) ?? 0}`);
  for (const l of locations)
    if (perLocation.get(l.locationId) !== l.events)
      inconsistent.push(`location ${l.locationId}: events ${l.events}, stored ${perLocation.get(l.locationId) ?? 0}`);
  const rows = new Set([...associations.map((a) => `association:${a.id}`), ...relations.map((x) => `relation:${x.id}`)]);
  const orphanEvents = [...perSubject.keys()].filter((k) => !rows.has(k));
  report.check(
    "every row's eventCount = its stored events (no half-written delivery)",
    inconsistent.length === 0,
    inconsistent.length
      ? `${inconsistent.length}: ${sample(inconsistent)}`
      : `${associations.length} associations, ${relations.length} relations, ${locations.length} locations`,
  );
  report.check(
    "every projected event has its row; no row without events",
    orphanEvents.length === 0 && associations.every((a) => a.eventCount > 0) && relations.every((x) => x.eventCount > 0),
    orphanEvents.length ? sample(orphanEvents) : "",
  );

  // The database itself.
  const [{ n, keys }] = await queryDatabase(databaseUrl, `SELECT COUNT(*) AS n, COUNT(DISTINCT "dedupeKey") AS keys FROM "Event"`);
  report.check(
    "database: Event rows = distinct dedupeKeys = distinct deliveries",
    Number(n) === sent.length && Number(keys) === sent.length,
    `rows ${n}, keys ${keys}`,
  );
  // Projected exactly once: the saved position is the log's head, and the day
  // rollups count every stored event once (associations, relations and locations
  // were compared above: their eventCount/events would be off by any event applied
  // twice or never).
  const [state] = await queryDatabase(databaseUrl, `SELECT "position", (SELECT MAX("id") FROM "Event") AS "head" FROM "ProjectorState" WHERE "name" = 'main'`);
  report.check(
    "database: ProjectorState.position = the newest Event id",
    state !== undefined && Number(state.position) === Number(state.head ?? 0),
    state ? `position ${state.position}, newest event ${state.head}` : "no ProjectorState row",
  );
  const wantDays = new Map();
  for (const e of events) {
    const key = `${String(e.receivedAt).slice(0, 10)} ${e.type ?? "unclassified"}`;
    wantDays.set(key, (wantDays.get(key) ?? 0) + 1);
  }
  const dayRows = await queryDatabase(databaseUrl, `SELECT "day", "type", "count" FROM "EventDay"`);
  const gotDays = new Map(dayRows.filter((r) => Number(r.count) !== 0).map((r) => [`${r.day} ${r.type}`, Number(r.count)]));
  const dayDiffs = [...new Set([...wantDays.keys(), ...gotDays.keys()])]
    .filter((k) => wantDays.get(k) !== gotDays.get(k))
    .map((k) => `${k}: ${gotDays.get(k) ?? 0} != ${wantDays.get(k) ?? 0}`);
  report.check(
    "database: day rollups (EventDay) = stored events per UTC day and type",
    dayDiffs.length === 0,
    dayDiffs.length
      ? `${dayDiffs.length} differences: ${sample(dayDiffs)}`
      : `${gotDays.size} rows, ${[...gotDays.values()].reduce((a, b) => a + b, 0)} events`,
  );
  if (!/^postgres/.test(databaseUrl)) {
    const [row] = await queryDatabase(databaseUrl, "PRAGMA integrity_check");
    const result = Object.values(row)[0];
    report.equal("database: SQLite integrity_check", result, "ok");
  }
  return { events, byWebhook, perDelivery };
}

function compareRows(report, name, rows, expected, fields, idField = "id") {
  const got = new Map(rows.map((r) => [r[idField], r]));
  const diffs = [];
  for (const [id, want] of expected) {
    const row = got.get(id);
    if (!row) {
      diffs.push(`${id} missing`);
      continue;
    }
    for (const f of fields) {
      if (row[f] !== want[f]) diffs.push(`${id}.${f}: ${JSON.stringify(row[f])} != expected ${JSON.stringify(want[f])}`);
    }
  }
  const extra = rows.filter((r) => !expected.has(r[idField]));
  report.check(
    `projected ${name} = state computed from the sent sequence (${fields.length} fields each)`,
    diffs.length === 0 && extra.length === 0 && rows.length === expected.size,
    diffs.length || extra.length ? `${diffs.length} differences, ${extra.length} unexpected rows: ${sample(diffs)}` : `${rows.length} rows`,
  );
}
