// Rebuild the derived tables from the log (npm run reproject, and the tests that
// compare it with incremental projection).
import { projectNext, releaseLease } from "../queries/projector";
import { resetDerivedState, seizeLease } from "../queries/reproject";
import { newOwner, projectorTiming } from "./worker";

export interface RebuildProgress {
  /** Events stored when the rebuild started. */
  total: number;
  /** Events applied so far (can pass `total`: appends during the rebuild count too). */
  done: number;
}

export async function rebuildFromLog(onProgress: (p: RebuildProgress) => void = () => {}): Promise<RebuildProgress> {
  const owner = newOwner();
  await seizeLease(owner, projectorTiming.leaseMs);
  try {
    const { events } = await resetDerivedState(owner);
    const progress = { total: events, done: 0 };
    onProgress(progress);
    for (;;) {
      const step = await projectNext(owner, 2_000, projectorTiming.leaseMs);
      if (step.applied === 0) return progress;
      progress.done += step.applied;
      onProgress(progress);
    }
  } finally {
    await releaseLease(owner).catch(() => {});
  }
}
