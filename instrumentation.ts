// Runs once when a server process starts (Next.js instrumentation hook): refuses
// to serve a production dashboard without a password, then starts the projector
// (applies the event log to the derived tables) and the background retention
// schedule, the reconciliation schedule (RECONCILE_EVERY_HOURS) and the alert
// evaluator (one instance at a time evaluates, every ALERT_EVALUATE_SECONDS), and registers
// the app's half of a graceful shutdown (lib/shutdown.ts).
// Node.js runtime only.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { authMode } = await import("./lib/auth/mode");
  try {
    authMode();
  } catch (error) {
    console.error(`Refusing to start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  const { startProjector } = await import("./lib/projector/worker");
  startProjector();
  const { startRetentionSchedule } = await import("./lib/retention-schedule");
  startRetentionSchedule();
  const { startReconcileSchedule } = await import("./lib/reconcile/scheduler");
  startReconcileSchedule();
  const { startAlerts } = await import("./lib/alerts/scheduler");
  startAlerts();
  const { registerShutdown } = await import("./lib/shutdown");
  registerShutdown();
}
