// Waits until every event stored before the call has been projected: for tests,
// the demo loader and scripts, never for request handling. With a projector running
// in this process it waits for that one; otherwise it projects here itself when the
// lease is free, or waits for whichever process holds it.
import { acquireLease, projectNext, releaseLease } from "../queries/projector";
import { positionAndHead } from "../queries/projector-status";
import { newOwner, projectorTiming, runningProjector } from "./worker";

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitForProjection(timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const { head: target } = await positionAndHead();
  for (;;) {
    const { position } = await positionAndHead();
    if (position >= target) return;
    if (Date.now() > deadline) throw new Error(`projection did not reach event ${target} within ${timeoutMs} ms (at ${position})`);
    const running = runningProjector();
    if (running) {
      running.wake();
      await Promise.race([running.nextIdle(), pause(100)]);
      continue;
    }
    const owner = newOwner();
    if (await acquireLease(owner, projectorTiming.leaseMs)) {
      try {
        while ((await projectNext(owner, 1_000, projectorTiming.leaseMs)).applied > 0);
      } finally {
        await releaseLease(owner);
      }
    } else {
      await pause(50);
    }
  }
}
