// Database errors seen by this process, by the part of the app that saw them. Plain
// numbers on globalThis, no prom-client here: the error paths of the receiver's
// queue, the projector and the API error mapper (which proxy.ts also loads) only add
// one, and /api/metrics reads the totals when scraped.
export const databaseErrorSources = ["ingest", "projector", "api", "rejected_log", "metrics"] as const;
export type DatabaseErrorSource = (typeof databaseErrorSources)[number];

declare global {
  /** On globalThis: one per process, whichever route bundle (or dev-mode reload) imports this module. */
  var __associationMonitorDatabaseErrors: Record<DatabaseErrorSource, number> | undefined;
}
globalThis.__associationMonitorDatabaseErrors ??= { ingest: 0, projector: 0, api: 0, rejected_log: 0, metrics: 0 };
const counts = globalThis.__associationMonitorDatabaseErrors;

export function countDatabaseError(source: DatabaseErrorSource): void {
  counts[source] += 1;
}

export function databaseErrorCounts(): Readonly<Record<DatabaseErrorSource, number>> {
  return counts;
}
