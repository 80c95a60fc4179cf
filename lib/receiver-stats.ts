// What the receiver refused for its own reasons (429: it could not store a delivery
// in time) and which requests clients abandoned, counted per process since it
// started. Kept in memory because the usual cause, an unreachable database, is
// exactly when they could not be written there. Shown on the overview and in
// /api/health.
export type StorageRefusalReason = "queue_full" | "queue_stalled" | "timeout" | "database_unavailable" | "storage_error";

interface Stats {
  since: Date;
  refused: Record<StorageRefusalReason, number>;
  lastRefusal: { reason: StorageRefusalReason; message: string; at: Date } | null;
  aborted: number;
}

declare global {
  /** On globalThis: one per process, whichever route bundle (or dev-mode reload) imports this module. */
  var __associationMonitorReceiverStats: Stats | undefined;
}
globalThis.__associationMonitorReceiverStats ??= {
  since: new Date(),
  refused: { queue_full: 0, queue_stalled: 0, timeout: 0, database_unavailable: 0, storage_error: 0 },
  lastRefusal: null,
  aborted: 0,
};
const stats: Stats = globalThis.__associationMonitorReceiverStats;

export function countRefusal(reason: StorageRefusalReason, message: string): void {
  stats.refused[reason] += 1;
  stats.lastRefusal = { reason, message, at: new Date() };
}

export function countAborted(): void {
  stats.aborted += 1;
}

export function receiverStats() {
  const refusedTotal = Object.values(stats.refused).reduce((a, b) => a + b, 0);
  return {
    since: stats.since.toISOString(),
    refused429: { total: refusedTotal, ...stats.refused },
    lastRefusal: stats.lastRefusal && { ...stats.lastRefusal, at: stats.lastRefusal.at.toISOString() },
    abortedRequests: stats.aborted,
  };
}
