// The one Prometheus registry of this process, for GET /api/metrics. Our own Registry
// rather than prom-client's global default, so nothing a dependency registers there
// leaks into our scrape; kept on globalThis because Next's route bundles (and its
// dev-mode reloads) evaluate this module more than once, and registering a metric
// name twice throws.
import { collectDefaultMetrics, Registry } from "prom-client";
import { createDatabaseMetrics, type DatabaseMetrics } from "./database-metrics";
import { createReceiverMetrics, type ReceiverMetrics } from "./receiver-metrics";

/** Every metric name starts with it, so `{__name__=~"association_monitor_.*"}` selects them all. */
const metricPrefix = "association_monitor_";

export interface AppMetrics {
  registry: Registry;
  receiver: ReceiverMetrics;
  database: DatabaseMetrics;
}

declare global {
  /** One registry for every route bundle of the process. */
  var __associationMonitorMetrics: AppMetrics | undefined;
}

function create(): AppMetrics {
  const registry = new Registry();
  // Process and Node.js runtime metrics (CPU, memory, event-loop lag, GC), collected
  // at scrape time. Under our prefix too, so one name pattern covers the app; a
  // standard Node.js dashboard can take them back with metric_relabel_configs.
  collectDefaultMetrics({ register: registry, prefix: metricPrefix });
  return { registry, receiver: createReceiverMetrics(registry), database: createDatabaseMetrics(registry) };
}

export function appMetrics(): AppMetrics {
  globalThis.__associationMonitorMetrics ??= create();
  return globalThis.__associationMonitorMetrics;
}

/** The exposition text and its content type (text/plain; version=0.0.4). */
export async function renderMetrics(): Promise<{ body: string; contentType: string }> {
  const { registry } = appMetrics();
  return { body: await registry.metrics(), contentType: registry.contentType };
}
