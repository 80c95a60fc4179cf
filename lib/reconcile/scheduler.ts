// RECONCILE_EVERY_HOURS: every server process checks each minute which locations with
// a token are due (no run started within the interval, by any instance: the runs
// table is shared) and reconciles them one after another. Several instances may find
// the same location due at once; its ReconcileLock lets one run and the others skip
// it, and by their next check the new run makes it not due.
import { env } from "../env";
import { locationsWithApiTokens } from "../highlevel/api-tokens";
import { logger } from "../logger";
import { failStaleRuns, lastRunStarts } from "../queries/reconcile-runs";
import { reconcileTiming, startReconcile, stopReconcileRuns, type StartOptions } from "./run";

const scheduleTiming = { firstCheckMs: 30_000, checkEveryMs: 60_000 };

interface Schedule {
  timer: NodeJS.Timeout | null;
  stopped: boolean;
  tick: Promise<unknown>;
}
declare global {
  /** The running schedule, on globalThis so a dev-mode module reload finds it instead of starting a second. */
  var __associationMonitorReconcileSchedule: Schedule | undefined;
}

/** Locations with a token whose newest run started more than `everyMs` before `now` (or never). */
async function dueLocations(now: Date, everyMs: number): Promise<string[]> {
  const ids = locationsWithApiTokens().sort();
  const starts = await lastRunStarts(ids);
  return ids.filter((id) => {
    const last = starts.get(id);
    return !last || now.getTime() - last.getTime() >= everyMs;
  });
}

/** One check: reconciles the due locations in turn; the ones this process ran. */
export async function runDueReconciles(now = new Date(), options: StartOptions = {}, isStopped = () => false): Promise<string[]> {
  const hours = env().RECONCILE_EVERY_HOURS;
  if (!hours) return [];
  await failStaleRuns(reconcileTiming.staleMs);
  const ran: string[] = [];
  for (const locationId of await dueLocations(now, hours * 3_600_000)) {
    if (isStopped()) break;
    const result = await startReconcile(locationId, { ...options, trigger: "schedule" });
    if (!result.started) continue; // another instance is on it
    await result.done;
    ran.push(locationId);
  }
  return ran;
}

export function startReconcileSchedule(): void {
  if (!env().RECONCILE_EVERY_HOURS || globalThis.__associationMonitorReconcileSchedule?.stopped === false) return;
  const schedule: Schedule = { timer: null, stopped: false, tick: Promise.resolve() };
  globalThis.__associationMonitorReconcileSchedule = schedule;
  const check = () => {
    schedule.tick = runDueReconciles(new Date(), {}, () => schedule.stopped)
      .catch((error: unknown) => logger.warn({ err: String(error) }, "scheduled reconciliation check failed; will retry"))
      .finally(() => {
        if (!schedule.stopped) schedule.timer = setTimeout(check, scheduleTiming.checkEveryMs).unref();
      });
  };
  schedule.timer = setTimeout(check, scheduleTiming.firstCheckMs).unref();
}

/** Shutdown: no new checks; running runs end "failed" (lock released), then the check returns. */
export async function stopReconcileSchedule(): Promise<void> {
  const schedule = globalThis.__associationMonitorReconcileSchedule;
  if (schedule && !schedule.stopped) {
    schedule.stopped = true;
    if (schedule.timer) clearTimeout(schedule.timer);
  }
  await stopReconcileRuns();
  await schedule?.tick;
}
