// Database helpers for integration tests: empty every table between tests (the
// projector's position goes back to 0 with the log it points into).
import { withWriteLock, writeDb } from "@/lib/db";
import { waitForProjection } from "@/lib/projector/wait";
import { flushRejected, resetRejectedLog } from "@/lib/queries/rejected";

export async function clearDatabase(): Promise<void> {
  await waitForProjection(20_000); // nothing of the previous test still being applied
  await flushRejected();
  resetRejectedLog();
  const prisma = await writeDb();
  await withWriteLock(() =>
    prisma.$transaction([
      prisma.event.deleteMany(),
      prisma.association.deleteMany(),
      prisma.relation.deleteMany(),
      prisma.location.deleteMany(),
      prisma.rejectedRequest.deleteMany(),
      prisma.counter.deleteMany(),
      prisma.eventDay.deleteMany(),
      prisma.locationHour.deleteMany(),
      prisma.locationProfile.deleteMany(),
      prisma.reconcileFinding.deleteMany(),
      prisma.reconcileRun.deleteMany(),
      prisma.reconcileLock.deleteMany(),
      prisma.alert.deleteMany(),
      prisma.alertActivity.deleteMany(),
      prisma.alertNotification.deleteMany(),
      prisma.lease.deleteMany(),
      prisma.projectorState.updateMany({ data: { position: 0, owner: null, leaseUntil: null } }),
    ]),
  );
}
