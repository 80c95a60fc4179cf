// The projector's loop in a server process: while it holds the lease, apply the log
// in batches; when caught up, sleep until an append wakes it or the poll interval
// passes (appends by another instance or process wake nobody here). Without the
// lease it retries every poll, so when the active projector dies another process
// takes over once the lease expires (leaseMs).
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { databaseKind } from "../db";
import { logger } from "../logger";
import { countDatabaseError } from "../metrics/database-errors";
import { onAppend } from "../queries/append-signal";
import { acquireLease, LeaseLost, projectNext, releaseLease } from "../queries/projector";

// coalesceMs: after a partial batch, let the next one gather for this long. Under
// steady load each group commit holds only a few deliveries, and a projection step
// per commit spent more on the step (transaction, lease, reads) than on the events;
// 100 ms is far below the lag anyone notices (the overview warns at 5 s).
export const projectorTiming = { pollMs: 500, leaseMs: 5_000, coalesceMs: 100 };

// SQLite: appends wait while a projection transaction holds the write lock, so its
// batches stay small (a few ms); PostgreSQL projects beside the appends.
const batchSize = () => (databaseKind() === "sqlite" ? 250 : 1_000);

interface Worker {
  owner: string;
  stopped: boolean;
  holding: boolean;
  position: number;
  wake: (() => void) | null;
  done: Promise<void>;
  idleWaiters: Set<() => void>;
  unsubscribe: () => void;
}

declare global {
  /** The running projector, on globalThis so a dev-mode module reload finds it instead of starting a second. */
  var __associationMonitorProjector: Worker | undefined;
}

export const newOwner = () => `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;

function sleep(worker: Worker, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      worker.wake = null;
      resolve();
    }, ms);
    worker.wake = () => {
      clearTimeout(timer);
      worker.wake = null;
      resolve();
    };
  });
}

async function loop(worker: Worker): Promise<void> {
  let failures = 0;
  while (!worker.stopped) {
    try {
      if (!worker.holding) {
        worker.holding = await acquireLease(worker.owner, projectorTiming.leaseMs);
        if (!worker.holding) {
          await sleep(worker, projectorTiming.pollMs);
          continue;
        }
        logger.info({ owner: worker.owner }, "projector lease taken; projecting");
      }
      const step = await projectNext(worker.owner, batchSize(), projectorTiming.leaseMs);
      worker.position = step.position;
      failures = 0;
      if (step.applied >= batchSize()) continue; // more is waiting: go on at once
      if (step.applied > 0) {
        await new Promise((resolve) => setTimeout(resolve, projectorTiming.coalesceMs));
        continue;
      }
      for (const resolve of worker.idleWaiters) resolve();
      worker.idleWaiters.clear();
      await sleep(worker, projectorTiming.pollMs);
    } catch (error) {
      if (error instanceof LeaseLost) {
        worker.holding = false;
        logger.warn({ owner: worker.owner }, "projector lease lost to another process");
        continue;
      }
      failures += 1;
      countDatabaseError("projector");
      logger.error({ err: error instanceof Error ? error.message : String(error), failures }, "projection step failed; retrying");
      await sleep(worker, Math.min(projectorTiming.pollMs * 2 ** failures, 10_000));
    }
  }
}

/** Starts this process's projector (idempotent). */
export function startProjector(): void {
  if (globalThis.__associationMonitorProjector && !globalThis.__associationMonitorProjector.stopped) return;
  const worker: Worker = {
    owner: newOwner(),
    stopped: false,
    holding: false,
    position: 0,
    wake: null,
    done: Promise.resolve(),
    idleWaiters: new Set(),
    unsubscribe: () => {},
  };
  globalThis.__associationMonitorProjector = worker;
  worker.unsubscribe = onAppend(() => worker.wake?.());
  worker.done = loop(worker);
}

/** Stops the loop after its current step and gives the lease up. */
export async function stopProjector(): Promise<void> {
  const worker = globalThis.__associationMonitorProjector;
  if (!worker || worker.stopped) return;
  worker.stopped = true;
  worker.unsubscribe();
  worker.wake?.();
  await worker.done;
  if (worker.holding) await releaseLease(worker.owner).catch(() => {});
}

/** The running projector of this process, if any, for waitForProjection. */
export function runningProjector(): { wake: () => void; nextIdle: () => Promise<void> } | null {
  const worker = globalThis.__associationMonitorProjector;
  if (!worker || worker.stopped) return null;
  return {
    wake: () => worker.wake?.(),
    nextIdle: () => new Promise<void>((resolve) => worker.idleWaiters.add(resolve)),
  };
}
