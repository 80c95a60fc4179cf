// One reconciliation per location at a time, across every instance on the database:
// a ReconcileLock row. Inserting it wins; a unique violation means another run holds
// it, unless its `until` has passed (its process died), when one UPDATE guarded by
// `until < now` takes it over (of two instances trying at once, the row lock lets
// exactly one match). The holder renews it while it works.
import { withWriteLock, writeDb } from "../db";
import { isUniqueViolation } from "../db-errors";

/** True when `owner` now holds the lock on `locationId` for `ms`. */
export async function acquireReconcileLock(locationId: string, owner: string, ms: number): Promise<boolean> {
  const prisma = await writeDb();
  return withWriteLock(async () => {
    const now = new Date();
    const until = new Date(now.getTime() + ms);
    try {
      await prisma.reconcileLock.create({ data: { locationId, owner, until } });
      return true;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    const taken = await prisma.reconcileLock.updateMany({ where: { locationId, until: { lt: now } }, data: { owner, until } });
    return taken.count === 1;
  });
}

/** Extends the lock; false when it is no longer ours (expired and taken over). */
export async function renewReconcileLock(locationId: string, owner: string, ms: number): Promise<boolean> {
  const prisma = await writeDb();
  const until = new Date(Date.now() + ms);
  const renewed = await withWriteLock(() => prisma.reconcileLock.updateMany({ where: { locationId, owner }, data: { until } }));
  return renewed.count === 1;
}

export async function releaseReconcileLock(locationId: string, owner: string): Promise<void> {
  const prisma = await writeDb();
  await withWriteLock(() => prisma.reconcileLock.deleteMany({ where: { locationId, owner } }));
}
