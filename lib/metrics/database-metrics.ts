// Figures read from the database when scraped: the same for every instance on one
// database, so across instances take max(), not sum(). When the database cannot be
// read in time, database_up is 0 and these series are left out of the answer (an
// absent series, not a made-up 0: a lag of 0 would look healthy).
import { Counter, Gauge, type Registry } from "prom-client";
import { databaseSnapshot, type DatabaseSnapshot } from "./database-snapshot";

export interface DatabaseMetrics {
  up: Gauge;
}

type Up = Extract<DatabaseSnapshot, { up: true }>;

/** An unlabelled gauge set from the snapshot, or without a sample when the database is down. */
function scalar(registry: Registry, name: string, help: string, value: (s: Up) => number | null): Gauge {
  return new Gauge({
    name,
    help,
    registers: [registry],
    async collect() {
      const s = await databaseSnapshot();
      const v = s.up ? value(s) : null;
      if (v === null) this.remove({});
      else this.set(v);
    },
  });
}

type Samples = (s: Up) => Iterable<readonly [string, number]>;

/** A series with one label, set from the snapshot; without any sample when the database is down. */
function labelled(registry: Registry, name: string, help: string, label: string, samples: Samples, type: "gauge" | "counter" = "gauge"): void {
  const config = { name, help, labelNames: [label], registers: [registry] };
  if (type === "counter") {
    new Counter({
      ...config,
      async collect() {
        const s = await databaseSnapshot();
        this.reset();
        if (s.up) for (const [value, n] of samples(s)) this.inc({ [label]: value }, n);
      },
    });
    return;
  }
  new Gauge({
    ...config,
    async collect() {
      const s = await databaseSnapshot();
      this.reset();
      if (s.up) for (const [value, n] of samples(s)) this.set({ [label]: value }, n);
    },
  });
}

const perLocationHelp = "at most METRICS_LOCATION_LIMIT locations: the silent ones, then the most recently active";

export function createDatabaseMetrics(registry: Registry): DatabaseMetrics {
  const up = new Gauge({
    name: "association_monitor_database_up",
    help: "1 when this process read the database for this scrape within 2 s, else 0",
    registers: [registry],
    async collect() {
      this.set((await databaseSnapshot()).up ? 1 : 0);
    },
  });
  scalar(registry, "association_monitor_projector_position", "Highest event id applied to the derived state (database-wide)", (s) => s.projector.position);
  scalar(registry, "association_monitor_log_head", "Highest stored event id (database-wide)", (s) => s.projector.head);
  scalar(registry, "association_monitor_projection_lag_events", "Stored events not yet projected", (s) => s.projector.behind);
  scalar(
    registry,
    "association_monitor_projection_lag_seconds",
    "Age of the oldest stored event not yet projected (0 when caught up)",
    (s) => s.projector.lagSeconds,
  );
  scalar(
    registry,
    "association_monitor_locations",
    "Locations known (the per-location series cover at most METRICS_LOCATION_LIMIT of them)",
    (s) => s.locations,
  );
  scalar(
    registry,
    "association_monitor_silent_locations",
    "Locations currently silent (quiet for longer than their usual gaps; see the Locations page)",
    (s) => s.silentCount,
  );
  labelled(registry, "association_monitor_open_alerts", "Alerts not resolved, by status (open, acknowledged)", "status", (s) => [
    ["open", s.openAlerts.open],
    ["acknowledged", s.openAlerts.acknowledged],
  ]);
  labelled(
    registry,
    "association_monitor_rejected_stored_total",
    "Refusals in the rejected log's exact per-cause totals, all instances together (database-wide: max(), not sum())",
    "cause",
    (s) => Object.entries(s.rejectedStored),
    "counter",
  );
  labelled(
    registry,
    "association_monitor_location_last_delivery_timestamp_seconds",
    `Unix time of the newest delivery naming the location; ${perLocationHelp}`,
    "location_id",
    (s) => s.series.map((l) => [l.locationId, l.lastReceivedAt.getTime() / 1000]),
  );
  labelled(registry, "association_monitor_location_silent", `1 when the location is silent, else 0; ${perLocationHelp}`, "location_id", (s) =>
    s.series.flatMap((l) => (l.silent === null ? [] : [[l.locationId, l.silent ? 1 : 0] as const])),
  );
  return { up };
}
