// The app's half of a graceful shutdown; scripts/lib/serve.mjs does the HTTP half
// (stop accepting, answer every request already received, close kept-alive
// connections between requests) and then calls this through a globalThis hook,
// since the server script and the app's bundles are separate module graphs.
// Order matters: commits still in flight finish before the database closes, the
// projector finishes its batch and saves its position (then gives its lease up, so
// another instance takes over at once instead of after the lease expires).
import { disconnectDb } from "./db";
import { logger } from "./logger";
import { stopProjector } from "./projector/worker";
import { stopReconcileSchedule } from "./reconcile/scheduler";
import { stopAlerts } from "./alerts/scheduler";
import { drainIngest } from "./queries/ingest-queue";
import { flushRejected } from "./queries/rejected";

/** Where scripts/lib/serve.mjs finds shutdownApp; keep the two in step. */
const shutdownHook = Symbol.for("association-monitor.shutdown");

async function shutdownApp(): Promise<void> {
  const started = Date.now();
  await drainIngest();
  await flushRejected();
  await stopProjector();
  // Reconciliation runs stop at their next call or wait, end "failed" and free their lock.
  await stopReconcileSchedule();
  // Its cycle finishes and its lease is released, so another instance evaluates at once.
  await stopAlerts();
  await disconnectDb(); // and the receiver's own append connection
  logger.info({ ms: Date.now() - started }, "shutdown: deliveries committed, projector stopped, database closed");
}

export function registerShutdown(): void {
  Reflect.set(globalThis, shutdownHook, shutdownApp);
}
