// GET /api/metrics end to end: signed deliveries through the real webhook route
// handlers, then the metrics route handler with HTTP Basic, its answer parsed as
// Prometheus' text format. Counters are per process and this file's tests share one,
// so every receiver figure is checked as the difference between two scrapes.
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { GET as getMetrics } from "@/app/api/metrics/route";
import { resetSessionSecret } from "@/lib/auth/secret";
import { resetThrottle } from "@/lib/auth/throttle";
import { writeDb } from "@/lib/db";
import { resetEnv } from "@/lib/env";
import { receiveWebhook } from "@/lib/highlevel/receive";
import { ingestBuckets } from "@/lib/metrics/receiver-metrics";
import { resetMetricsSnapshot, snapshotReaders, snapshotTiming } from "@/lib/metrics/database-snapshot";
import { markUnavailable } from "@/lib/queries/append-driver";
import { flushRejected } from "@/lib/queries/rejected";
import { clearDatabase } from "./helpers/db";
import { deliver, eventBody, fixture } from "./helpers/http";
import { signEd25519 } from "./helpers/keys";
import { settleProjection } from "./helpers/projection";
import { parseExposition, sample, samples, total, type Exposition } from "./helpers/prometheus";
import { events } from "./helpers/state";
import { contactEvent, deliverAt } from "./helpers/backdated";
import { HOUR_MS } from "@/lib/location-silence";

const password = "metrics test password";
const basic = `Basic ${Buffer.from(`prometheus:${password}`).toString("base64")}`;

beforeEach(async () => {
  process.env.DASHBOARD_PASSWORD = password;
  process.env.SESSION_SECRET = "metrics test secret, long enough to use";
  resetEnv();
  resetSessionSecret();
  resetMetricsSnapshot();
  await clearDatabase();
});
afterEach(() => {
  delete process.env.DASHBOARD_PASSWORD;
  delete process.env.SESSION_SECRET;
  delete process.env.METRICS_LOCATION_LIMIT;
  resetEnv();
  resetSessionSecret();
  resetThrottle();
});

async function scrape(): Promise<Exposition> {
  await flushRejected(); // the rejected log's exact totals are written in batches
  const response = await getMetrics(new Request("http://localhost:3000/api/metrics", { headers: { authorization: basic } }));
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
  return parseExposition(await response.text());
}

/** Every sample of `name` whose value changed between two scrapes, keyed by its labels. */
function deltas(before: Exposition, after: Exposition, name: string): Record<string, number> {
  const key = (labels: Record<string, string>) =>
    Object.entries(labels)
      .sort()
      .map(([k, v]) => `${k}=${v}`)
      .join(",");
  const old = new Map(samples(before, name).map((s) => [key(s.labels), s.value]));
  const out: Record<string, number> = {};
  for (const s of samples(after, name)) {
    const d = s.value - (old.get(key(s.labels)) ?? 0);
    if (d !== 0) out[key(s.labels)] = d;
  }
  return out;
}

function signed(body: string, eventType?: string, receivedAt?: Date) {
  const request = new Request(`http://localhost:3000/api/webhooks/highlevel${eventType ? `/${eventType}` : ""}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-ghl-signature": signEd25519(body) },
    body,
  });
  return receiveWebhook(request, eventType, receivedAt);
}

describe("GET /api/metrics", () => {
  test("counts each delivery by type and result, refusals by cause and reason, and times every answer", async () => {
    const before = await scrape();

    expect((await deliver(fixture("AssociationCreate"), { eventType: "AssociationCreate" })).body.status).toBe("stored");
    expect((await deliver(fixture("AssociationCreate"), { eventType: "AssociationCreate" })).body.status).toBe("duplicate");
    expect((await deliver(eventBody({ type: "RelationCreate", ...JSON.parse(fixture("RelationCreate")) }))).body.status).toBe("stored");
    expect((await deliver(eventBody({ type: "ContactCreate", id: "c1", locationId: "loc-metrics", webhookId: "wh-contact" }))).status).toBe(200);
    expect((await deliver(eventBody({ type: "SomethingNew", id: "x1", webhookId: "wh-new" }))).status).toBe(200);
    expect((await deliver(eventBody({ id: "no-type", webhookId: "wh-none" }))).status).toBe(200);
    expect((await deliver("not json")).status).toBe(400);
    expect((await deliver(fixture("AssociationCreate"), { sign: false })).status).toBe(401);
    expect(
      (await deliver(fixture("AssociationDelete"), { eventType: "AssociationDelete", sign: () => ({ "x-ghl-signature": signEd25519("other bytes") }) })).status,
    ).toBe(401);
    expect((await deliver(fixture("AssociationCreate"), { eventType: "NotAnEvent" })).status).toBe(404);
    markUnavailable(60_000); // the outage breaker: refused at once with 429, nothing tried
    try {
      expect((await deliver(fixture("AssociationUpdate"), { eventType: "AssociationUpdate", settle: false })).status).toBe(429);
    } finally {
      markUnavailable(-1);
    }

    const after = await scrape();
    expect(after.types.get("association_monitor_deliveries_total")).toBe("counter");
    expect(deltas(before, after, "association_monitor_deliveries_total")).toEqual({
      "result=stored,type=AssociationCreate": 1,
      "result=duplicate,type=AssociationCreate": 1,
      "result=stored,type=RelationCreate": 1,
      "result=stored,type=ContactCreate": 1,
      "result=stored,type=unknown": 1, // a name HighLevel does not document: no new series per name
      "result=stored,type=none": 1,
      "result=rejected,type=none": 2, // not JSON; unsigned (refused before its body was read)
      "result=rejected,type=AssociationDelete": 1, // the URL named it
      "result=rejected,type=unknown": 1,
      "result=refused_429,type=AssociationUpdate": 1,
    });
    expect(deltas(before, after, "association_monitor_rejected_total")).toEqual({
      "cause=invalid_json": 1,
      "cause=missing_signature": 1,
      "cause=bad_signature": 1,
      "cause=unknown_event_path": 1,
    });
    expect(deltas(before, after, "association_monitor_refused_429_total")).toEqual({ "reason=database_unavailable": 1 });

    // The histogram: one observation per answer, cumulative buckets ending in +Inf = count.
    expect(after.types.get("association_monitor_ingest_duration_seconds")).toBe("histogram");
    const count = (e: Exposition, result: string) => sample(e, "association_monitor_ingest_duration_seconds_count", { result }) ?? 0;
    expect(count(after, "stored") - count(before, "stored")).toBe(5);
    expect(count(after, "duplicate") - count(before, "duplicate")).toBe(1);
    expect(count(after, "rejected") - count(before, "rejected")).toBe(4);
    expect(count(after, "refused_429") - count(before, "refused_429")).toBe(1);
    const buckets = samples(after, "association_monitor_ingest_duration_seconds_bucket", { result: "stored" });
    expect(buckets.map((b) => b.labels.le)).toEqual([...ingestBuckets.map(String), "+Inf"]);
    const values = buckets.map((b) => b.value);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    expect(values.at(-1)).toBe(count(after, "stored"));
    expect(sample(after, "association_monitor_ingest_duration_seconds_sum", { result: "stored" })).toBeGreaterThan(0);

    // From the database: the rejected log's exact totals (emptied before this test) and the projector.
    expect(Object.fromEntries(samples(after, "association_monitor_rejected_stored_total").map((s) => [s.labels.cause, s.value]))).toEqual({
      invalid_json: 1,
      missing_signature: 1,
      bad_signature: 1,
      unknown_event_path: 1,
    });
    const head = Math.max(...(await events()).map((e) => e.id));
    expect(sample(after, "association_monitor_database_up")).toBe(1);
    expect(sample(after, "association_monitor_log_head")).toBe(head);
    expect(sample(after, "association_monitor_projector_position")).toBe(head);
    expect(sample(after, "association_monitor_projection_lag_events")).toBe(0);
    expect(sample(after, "association_monitor_projection_lag_seconds")).toBe(0);
    expect(sample(after, "association_monitor_open_alerts", { status: "open" })).toBe(0);
    expect(sample(after, "association_monitor_open_alerts", { status: "acknowledged" })).toBe(0);
    expect(after.types.get("association_monitor_database_errors_total")).toBe("counter");
    // Process metrics, under the same prefix.
    expect(sample(after, "association_monitor_process_start_time_seconds")).toBeGreaterThan(0);
    expect(after.samples.every((s) => s.name.startsWith("association_monitor_"))).toBe(true);
  });

  test("the projector gauges show what is stored but not yet projected", async () => {
    await deliver(fixture("AssociationCreate"), { eventType: "AssociationCreate" });
    const first = await scrape();
    const position = sample(first, "association_monitor_projector_position");
    expect(position).toBe(sample(first, "association_monitor_log_head"));

    await deliver(fixture("RelationCreate"), { eventType: "RelationCreate", settle: false });
    await deliver(fixture("RelationDelete"), { eventType: "RelationDelete", settle: false });
    await new Promise((r) => setTimeout(r, 50));
    const behind = await scrape();
    expect(sample(behind, "association_monitor_projector_position")).toBe(position);
    expect(sample(behind, "association_monitor_log_head")).toBe((position ?? 0) + 2);
    expect(sample(behind, "association_monitor_projection_lag_events")).toBe(2);
    expect(sample(behind, "association_monitor_projection_lag_seconds")).toBeGreaterThanOrEqual(0.05);

    await settleProjection();
    const caughtUp = await scrape();
    expect(sample(caughtUp, "association_monitor_projection_lag_events")).toBe(0);
    expect(sample(caughtUp, "association_monitor_projector_position")).toBe((position ?? 0) + 2);
  });

  test("per-location last delivery: at most METRICS_LOCATION_LIMIT series, the most recently active", async () => {
    process.env.METRICS_LOCATION_LIMIT = "2";
    resetEnv();
    const now = Date.now();
    const times = { "loc-old": now - 30_000, "loc-mid": now - 20_000, "loc-new": now - 10_000 };
    for (const [locationId, at] of Object.entries(times)) {
      const body = eventBody({ type: "ContactCreate", id: `c-${locationId}`, locationId, webhookId: `wh-${locationId}` });
      expect((await signed(body, undefined, new Date(at))).status).toBe(200);
    }
    await settleProjection();
    const e = await scrape();
    expect(sample(e, "association_monitor_locations")).toBe(3);
    const series = samples(e, "association_monitor_location_last_delivery_timestamp_seconds");
    expect(Object.fromEntries(series.map((s) => [s.labels.location_id, s.value]))).toEqual({
      "loc-new": times["loc-new"] / 1000,
      "loc-mid": times["loc-mid"] / 1000,
    });
    // None is silent (they have no history), and each series says so.
    expect(sample(e, "association_monitor_silent_locations")).toBe(0);
    expect(
      samples(e, "association_monitor_location_silent")
        .map((s) => [s.labels.location_id, s.value])
        .sort(),
    ).toEqual([
      ["loc-mid", 0],
      ["loc-new", 0],
    ]);

    process.env.METRICS_LOCATION_LIMIT = "0";
    resetEnv();
    const none = await scrape();
    expect(samples(none, "association_monitor_location_last_delivery_timestamp_seconds")).toEqual([]);
    expect(sample(none, "association_monitor_locations")).toBe(3);
  });

  test("a silent location keeps its series within the bound, ahead of more recent ones", async () => {
    process.env.METRICS_LOCATION_LIMIT = "2";
    resetEnv();
    const at = Date.now();
    for (let ago = 10; ago < 14 * 24; ago += 4) {
      await deliverAt(contactEvent("loc-silent"), new Date(at - ago * HOUR_MS), { settle: false });
      await deliverAt(contactEvent("loc-busy-a"), new Date(at - (ago - 9) * HOUR_MS), { settle: false });
    }
    await deliverAt(contactEvent("loc-busy-a"), new Date(at - 120_000), { settle: false });
    await deliverAt(contactEvent("loc-busy-b"), new Date(at - 60_000));
    const e = await scrape();
    expect(sample(e, "association_monitor_locations")).toBe(3);
    expect(sample(e, "association_monitor_silent_locations")).toBe(1);
    expect(Object.fromEntries(samples(e, "association_monitor_location_silent").map((s) => [s.labels.location_id, s.value]))).toEqual({
      "loc-silent": 1,
      "loc-busy-b": 0,
    });
    expect(sample(e, "association_monitor_location_last_delivery_timestamp_seconds", { location_id: "loc-silent" })).toBe((at - 10 * HOUR_MS) / 1000);
  });

  test("open alerts by status, from the Alert table (resolved ones not counted)", async () => {
    const prisma = await writeDb();
    const alert = (status: string, subject: string) => ({
      rule: "silence",
      subject,
      status,
      openedAt: new Date(),
      lastTrueAt: new Date(),
      summary: "s",
      details: "{}",
    });
    await prisma.alert.createMany({ data: [alert("open", "a"), alert("open", "b"), alert("acknowledged", "c"), alert("resolved", "d")] });
    const e = await scrape();
    expect(
      samples(e, "association_monitor_open_alerts")
        .map((s) => [s.labels.status, s.value])
        .sort(),
    ).toEqual([
      ["acknowledged", 1],
      ["open", 2],
    ]);
  });

  test("a database that cannot be read in time: the scrape still answers, with database_up 0 and no database series", async () => {
    const { core } = snapshotReaders;
    const timeout = snapshotTiming.timeoutMs;
    let release: () => void = () => {};
    snapshotReaders.core = () => new Promise((_, reject) => (release = () => reject(new Error("released"))));
    snapshotTiming.timeoutMs = 100;
    try {
      const before = await scrape();
      const started = Date.now();
      const e = await scrape();
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(sample(e, "association_monitor_database_up")).toBe(0);
      for (const name of ["projector_position", "log_head", "projection_lag_events", "projection_lag_seconds", "locations"]) {
        expect(sample(e, `association_monitor_${name}`), name).toBeUndefined();
      }
      expect(samples(e, "association_monitor_open_alerts")).toEqual([]);
      expect(samples(e, "association_monitor_rejected_stored_total")).toEqual([]);
      // Counted once per scrape; the receiver's own counters are still there.
      expect(
        total(e, "association_monitor_database_errors_total", { source: "metrics" }) -
          total(before, "association_monitor_database_errors_total", { source: "metrics" }),
      ).toBe(1);
      expect(e.types.get("association_monitor_deliveries_total")).toBe("counter");
    } finally {
      snapshotReaders.core = core;
      snapshotTiming.timeoutMs = timeout;
      release();
    }
    await new Promise((r) => setTimeout(r, 10));
    expect(sample(await scrape(), "association_monitor_database_up")).toBe(1);
  });
});
