// What /api/metrics reads from the database, read once per scrape (every gauge's
// collect callback awaits the same promise) and never for longer than timeoutMs: a
// database that is down or hanging makes the scrape answer with database_up 0 and
// without the database's series, rather than fail or hang the scraper. A read still
// running from an earlier scrape is awaited again, never started twice, so a hanging
// database does not pile up queries.
import { env } from "../env";
import { logger } from "../logger";
import { listLocationActivity } from "../queries/location-activity";
import { openAlertCounts, recentLocationDeliveries, type LocationDelivery, type OpenAlertCounts } from "../queries/metrics";
import { projectorStatus, type ProjectorStatus } from "../queries/projector-status";
import { rejectedTotals } from "../queries/rejected";
import { countDatabaseError } from "./database-errors";

export const snapshotTiming = {
  timeoutMs: 2_000,
  /**
   * Silence needs every location's 15 days of hourly counts: read at most this often.
   * It changes on a scale of hours, so a minute-old answer is as good as a fresh one.
   */
  silenceMaxAgeMs: 60_000,
};

interface SnapshotCore {
  projector: ProjectorStatus;
  openAlerts: OpenAlertCounts;
  rejectedStored: Record<string, number>;
  locations: { total: number; recent: LocationDelivery[] };
}

interface LocationSeries extends LocationDelivery {
  /** null: silence could not be read in time this scrape. */
  silent: boolean | null;
}

export type DatabaseSnapshot =
  | { up: false }
  | (Omit<SnapshotCore, "locations"> & { up: true; locations: number; series: LocationSeries[]; silentCount: number | null });

interface SnapshotSilence {
  at: number;
  silent: LocationDelivery[];
}

interface State {
  scrape: Promise<DatabaseSnapshot> | null;
  core: Promise<SnapshotCore> | null;
  silence: Promise<SnapshotSilence> | null;
  lastSilence: SnapshotSilence | null;
}

declare global {
  /** On globalThis: one per process, whichever route bundle (or dev-mode reload) imports this module. */
  var __associationMonitorMetricsSnapshot: State | undefined;
}
globalThis.__associationMonitorMetricsSnapshot ??= { scrape: null, core: null, silence: null, lastSilence: null };
const state: State = globalThis.__associationMonitorMetricsSnapshot;

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${snapshotTiming.timeoutMs} ms`)), snapshotTiming.timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The reads, replaceable by tests (a database that fails or hangs). */
export const snapshotReaders = { core: readCore, silence: readSilence };

async function readCore(): Promise<SnapshotCore> {
  const [projector, openAlerts, rejectedStored, locations] = await Promise.all([
    projectorStatus(),
    openAlertCounts(),
    rejectedTotals(),
    recentLocationDeliveries(env().METRICS_LOCATION_LIMIT),
  ]);
  return { projector, openAlerts, rejectedStored, locations };
}

async function readSilence(): Promise<SnapshotSilence> {
  const now = new Date();
  const rows = await listLocationActivity(now);
  const silent = rows.flatMap((r) => (r.silent && r.lastReceivedAt ? [{ locationId: r.locationId, lastReceivedAt: r.lastReceivedAt }] : []));
  return { at: now.getTime(), silent };
}

async function currentSilence(): Promise<SnapshotSilence | null> {
  const cached = state.lastSilence;
  if (cached && Date.now() - cached.at < snapshotTiming.silenceMaxAgeMs) return cached;
  state.silence ??= snapshotReaders.silence().finally(() => (state.silence = null));
  try {
    state.lastSilence = await withTimeout(state.silence, "reading location silence");
    return state.lastSilence;
  } catch (error) {
    countDatabaseError("metrics");
    logger.warn({ err: error instanceof Error ? error.message : String(error) }, "metrics: location silence not read");
    return null;
  }
}

/**
 * The silent locations first (they are what an alert needs, and by definition not
 * among the most recently active), then the most recently active, at most `limit`.
 */
function selectLocationSeries(recent: LocationDelivery[], silence: SnapshotSilence | null, limit: number): LocationSeries[] {
  const silentIds = new Set(silence?.silent.map((s) => s.locationId));
  const chosen = new Map<string, LocationSeries>();
  for (const s of silence?.silent ?? []) if (chosen.size < limit) chosen.set(s.locationId, { ...s, silent: true });
  for (const r of recent) {
    if (chosen.size >= limit && !chosen.has(r.locationId)) break;
    // A fresh read wins over the cached silence: a location that just sent is no longer silent.
    const wasSilent = silentIds.has(r.locationId) && chosen.get(r.locationId)?.lastReceivedAt.getTime() === r.lastReceivedAt.getTime();
    chosen.set(r.locationId, { ...r, silent: silence ? wasSilent : null });
  }
  return [...chosen.values()];
}

async function take(): Promise<DatabaseSnapshot> {
  state.core ??= snapshotReaders.core().finally(() => (state.core = null));
  const silenceRead = currentSilence(); // beside the core read; it handles its own failure
  let core: SnapshotCore;
  try {
    core = await withTimeout(state.core, "reading metrics from the database");
  } catch (error) {
    countDatabaseError("metrics");
    logger.warn({ err: error instanceof Error ? error.message : String(error) }, "metrics: database not read; answering database_up 0");
    return { up: false };
  }
  const silence = await silenceRead;
  const { locations, ...rest } = core;
  return {
    ...rest,
    up: true,
    locations: locations.total,
    series: selectLocationSeries(locations.recent, silence, env().METRICS_LOCATION_LIMIT),
    silentCount: silence ? silence.silent.length : null,
  };
}

/** This scrape's database figures: every collect callback of one scrape shares one read. */
export function databaseSnapshot(): Promise<DatabaseSnapshot> {
  state.scrape ??= take().finally(() => (state.scrape = null));
  return state.scrape;
}

/** Test hook: forget the cached silence. */
export function resetMetricsSnapshot(): void {
  state.lastSilence = null;
}
