// The bulk-import burst: N RelationCreate under ONE association (a CSV import that
// links thousands of contacts to one record) at 64 connections, each request timed.
// Two runs:
//   1. live: every delivery acknowledged (2xx), none slower than 1 s, and the time
//      from the last ack until /api/health says everything is projected (reads show it);
//   2. projector throughput: the same burst with the projector paused (its lease held
//      by this script), then released: events applied per second while draining,
//      beside the burst's own ingest rate.
import { randomUUID } from "node:crypto";
import { Agent } from "node:http";
import { createRng, objectId } from "../../../lib/seeded-random.mjs";
import { now, sleep } from "../../lib/harness/clock.mjs";
import { httpGet } from "../../lib/harness/http.mjs";
import { quantile, round } from "../../lib/harness/stats.mjs";
import { signedDelivery } from "../../lib/harness/test-keys.mjs";
import { authHeader } from "./app.mjs";
import { log } from "./common.mjs";
import { post } from "./load.mjs";
import { associationBody, makeAssociation, recordId, relationBody } from "./vocab.mjs";

/** Sends every delivery once over `connections` keep-alive connections; per-request latency and status. */
async function sendAll(url, deliveries, connections) {
  const agent = new Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
  const latencies = [];
  const statuses = {};
  let next = 0;
  let lastAckAt = 0;
  const t0 = now();
  const worker = async () => {
    while (next < deliveries.length) {
      const d = deliveries[next++];
      const started = now();
      const status = await post(agent, url, d);
      const ended = now();
      latencies.push(ended - started);
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (status === 200) lastAckAt = Math.max(lastAckAt, ended);
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  agent.destroy();
  const seconds = (now() - t0) / 1000;
  return {
    requests: deliveries.length,
    seconds: round(seconds, 2),
    rps: round(deliveries.length / seconds, 0),
    p50: round(quantile(latencies, 0.5), 1),
    p99: round(quantile(latencies, 0.99), 1),
    max: round(Math.max(0, ...latencies), 1),
    acked: statuses[200] ?? 0,
    statuses,
    lastAckAt,
  };
}

async function projector(base) {
  const res = await httpGet(`${base}/api/health`, { headers: { authorization: authHeader } });
  return res.status === 200 ? JSON.parse(res.text).projector : null;
}

/** Polls /api/health until nothing is behind; ms from `since` (a now() value). */
async function untilProjected(base, since, limitMs = 120_000) {
  for (;;) {
    const p = await projector(base);
    if (p && p.behind === 0) return now() - since;
    if (now() - since > limitMs) return null;
    await sleep(20);
  }
}

/** Holds (or frees) the projector lease from outside the app: the way to pause it. */
async function setLease(kind, databaseUrl, paused) {
  const until = paused ? new Date(Date.now() + 3_600_000) : null;
  const owner = paused ? "bench:paused" : null;
  if (kind === "sqlite") {
    const { default: Database } = await import("better-sqlite3");
    const db = new Database(databaseUrl.slice("file:".length), { timeout: 10_000 });
    db.prepare(`UPDATE "ProjectorState" SET "owner" = ?, "leaseUntil" = ? WHERE "name" = 'main'`).run(
      owner,
      until ? until.toISOString().replace("Z", "+00:00") : null,
    );
    db.close();
    return;
  }
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query(`UPDATE "ProjectorState" SET "owner" = $1, "leaseUntil" = $2::timestamp(3) WHERE "name" = 'main'`, [
    owner,
    until ? until.toISOString().replace("T", " ").replace("Z", "") : null,
  ]);
  await client.end();
}

export async function measureBurst({ server, kind, databaseUrl, data, scale }) {
  const count = scale >= 1 ? 20_000 : Math.max(2_000, Math.round(20_000 * scale * 10));
  const connections = 64;
  const sign = signedDelivery;
  const r = createRng(99);
  const locationId = data.locationRows[0].locationId;
  const url = `${server.url}/api/webhooks/highlevel`;

  const burstOf = async (tag) => {
    const association = makeAssociation(r, locationId, 5000 + tag);
    const create = sign(associationBody("AssociationCreate", association, Date.now(), randomUUID()));
    const created = await sendAll(url, [create], 1);
    if (created.acked !== 1) throw new Error(`could not create the burst's association: ${JSON.stringify(created.statuses)}`);
    const deliveries = [];
    for (let i = 0; i < count; i++) {
      const rel = { id: objectId(r), firstRecordId: recordId(r, association.firstObjectKey, 1), secondRecordId: recordId(r, association.secondObjectKey, 2) };
      deliveries.push(sign(relationBody("RelationCreate", rel, association, Date.now(), randomUUID())));
    }
    await untilProjected(server.url, now());
    return deliveries;
  };

  const live = await sendAll(url, await burstOf(1), connections);
  const visibleMs = await untilProjected(server.url, live.lastAckAt);
  log(
    `burst: ${live.acked}/${live.requests} acked at ${live.rps} req/s, p99 ${live.p99} ms, max ${live.max} ms; all projected ${round(visibleMs, 0)} ms after the last ack`,
  );

  const pausedDeliveries = await burstOf(2);
  await setLease(kind, databaseUrl, true);
  await sleep(1_200); // the app's projector notices at its next step or poll
  let paused;
  try {
    paused = await sendAll(url, pausedDeliveries, connections);
  } finally {
    await setLease(kind, databaseUrl, false);
  }
  const released = now();
  const drainMs = await untilProjected(server.url, released);
  const projectorRate = drainMs ? round(paused.acked / (drainMs / 1000), 0) : null;
  log(`projector: ${paused.acked} events drained in ${round(drainMs, 0)} ms = ${projectorRate} events/s (burst ingest ${paused.rps} req/s)`);
  return { count, connections, live: { ...live, visibleMs: round(visibleMs, 0) }, paused: { ...paused, drainMs: round(drainMs, 0), projectorRate } };
}
