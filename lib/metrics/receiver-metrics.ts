// What the webhook receiver did, counted in this process: deliveries by event type
// and result, refusals by cause and reason, and how long each answer took. In-memory
// increments only, so counting costs the receiver's hot path nothing measurable.
// Counters are per process: across instances, sum() them in PromQL.
import { Counter, Histogram, type Registry } from "prom-client";
import { databaseErrorCounts, databaseErrorSources } from "./database-errors";

export type DeliveryResult = "stored" | "duplicate" | "rejected" | "refused_429" | "aborted";

export interface ReceiverMetrics {
  deliveries: Counter<"type" | "result">;
  rejected: Counter<"cause">;
  refused429: Counter<"reason">;
  ingestDuration: Histogram<"result">;
}

/**
 * From 5 ms (a duplicate answered from the index) to 5 s; the 1 s bucket holds the
 * queue's 900 ms commit deadline and the 500 ms wait for the rejected log.
 */
export const ingestBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export function createReceiverMetrics(registry: Registry): ReceiverMetrics {
  const registers = [registry];
  new Counter({
    name: "association_monitor_database_errors_total",
    help: "Database errors seen by this process, by where: ingest (a delivery answered 429), projector (a failed step), api (a 503 to a reader), rejected_log, metrics (a scrape's reads)",
    labelNames: ["source"],
    registers,
    collect() {
      const counts = databaseErrorCounts();
      this.reset();
      for (const source of databaseErrorSources) this.inc({ source }, counts[source]);
    },
  });
  return {
    deliveries: new Counter({
      name: "association_monitor_deliveries_total",
      help: "Webhook requests answered by this process, by HighLevel event type (unknown: a name not in HighLevel's list; none: no type, or refused before it was read) and result",
      labelNames: ["type", "result"],
      registers,
    }),
    rejected: new Counter({
      name: "association_monitor_rejected_total",
      help: "Webhook requests refused by this process as the sender's fault (4xx), by cause, as in the rejected log",
      labelNames: ["cause"],
      registers,
    }),
    refused429: new Counter({
      name: "association_monitor_refused_429_total",
      help: "Deliveries this process could not store in time and answered 429 (HighLevel retries them), by reason",
      labelNames: ["reason"],
      registers,
    }),
    ingestDuration: new Histogram({
      name: "association_monitor_ingest_duration_seconds",
      help: "Time from receiving a webhook request to its answer, by result",
      labelNames: ["result"],
      buckets: ingestBuckets,
      registers,
    }),
  };
}
