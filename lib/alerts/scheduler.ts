// Every server process runs this loop each ALERT_EVALUATE_SECONDS: it records the
// process's 429 total (the receiver counts them in memory; a Counter row per
// instance lets whichever instance evaluates see them all), then runs an evaluation
// cycle, which does the work only in the instance holding the "alerts" lease.
// Stopped on shutdown (lib/shutdown.ts), which releases the lease.
import { logger } from "../logger";
import { record429Total } from "../queries/alert-measurements";
import { receiverStats } from "../receiver-stats";
import { createEvaluator, type Evaluator } from "./evaluator";
import { alertConfig } from "./settings";

const alertTiming = { firstRunMs: 5_000 };

interface Loop {
  evaluator: Evaluator;
  timer: NodeJS.Timeout | null;
  stopped: boolean;
  tick: Promise<unknown>;
  written429: number;
}
declare global {
  /** The running alert loop, on globalThis so a dev-mode module reload finds it instead of starting a second. */
  var __associationMonitorAlerts: Loop | undefined;
}

/** Writes this process's 429 total when it changed (never for a process that refused nothing). */
async function report429(loop: Pick<Loop, "written429">, owner: string): Promise<void> {
  const total = receiverStats().refused429.total;
  if (total === 0 || total === loop.written429) return;
  await record429Total(owner, total);
  loop.written429 = total;
}

export function startAlerts(): void {
  if (globalThis.__associationMonitorAlerts?.stopped === false) return;
  const loop: Loop = { evaluator: createEvaluator(), timer: null, stopped: false, tick: Promise.resolve(), written429: 0 };
  globalThis.__associationMonitorAlerts = loop;
  const cycle = async () => {
    // While the database is down this write fails; the total is written once it is back.
    await report429(loop, loop.evaluator.owner).catch(() => {});
    await loop.evaluator.runOnce();
  };
  const run = () => {
    loop.tick = cycle()
      .catch((error: unknown) => logger.warn({ err: error instanceof Error ? error.message : String(error) }, "alert evaluation failed; will retry"))
      .finally(() => {
        if (!loop.stopped) loop.timer = setTimeout(run, alertConfig().evaluateMs).unref();
      });
  };
  loop.timer = setTimeout(run, alertTiming.firstRunMs).unref();
}

/** Shutdown: no new cycles, the running one finishes, the lease is released. */
export async function stopAlerts(): Promise<void> {
  const loop = globalThis.__associationMonitorAlerts;
  if (!loop || loop.stopped) return;
  loop.stopped = true;
  if (loop.timer) clearTimeout(loop.timer);
  // A cycle may be waiting on a slow channel (10 s timeout per send): give it a short
  // while, not the whole SHUTDOWN_TIMEOUT_S. A message it did not finish stays pending
  // in the database, and whichever instance evaluates next sends it.
  const finished = await Promise.race([loop.tick.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 2_000).unref())]);
  // Only a finished cycle gives the lease up: released under a cycle still sending,
  // the next holder would read the same pending messages and send them a second time.
  // Otherwise the lease expires on its own (about 75 s) and the next holder sends what is left.
  if (finished) await loop.evaluator.release();
}
