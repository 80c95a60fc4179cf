// Runs once when a server process starts (Next.js instrumentation hook): starts
// the background retention schedule, in the Node.js runtime only.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startRetentionSchedule } = await import("./lib/retention-schedule");
  startRetentionSchedule();
}
