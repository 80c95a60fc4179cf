// Runs retention in the background of every server process when RETENTION_DAYS is
// set: shortly after start, then hourly. Several instances pruning at once is
// harmless (each deletes what is still there).
import { env } from "./env";
import { logger } from "./logger";
import { pruneEventsBefore, retentionCutoff } from "./queries/retention";

const firstRunMs = 60_000;
const everyMs = 60 * 60_000;

export async function runRetentionOnce(): Promise<number | null> {
  const days = env().RETENTION_DAYS;
  if (!days) return null;
  const deleted = await pruneEventsBefore(retentionCutoff(days));
  if (deleted > 0) logger.info({ deleted, days }, "retention: pruned old events");
  return deleted;
}

export function startRetentionSchedule(): void {
  if (!env().RETENTION_DAYS) return;
  const run = () => runRetentionOnce().catch((error: unknown) => logger.warn({ err: String(error) }, "retention run failed; will retry"));
  setTimeout(run, firstRunMs).unref();
  setInterval(run, everyMs).unref();
}
