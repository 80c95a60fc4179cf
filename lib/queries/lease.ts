// Named leases (the Lease table): work one instance does at a time, such as the alert
// evaluator. Inserting the row wins; afterwards one guarded UPDATE both renews the
// holder's lease and takes over an expired one (of two instances trying at once, the
// row lock lets exactly one match). `now` is a parameter so tests can expire a lease.
import { withWriteLock, writeDb } from "../db";
import { isUniqueViolation } from "../db-errors";

/** True when `owner` holds `name` until now + ms (taken, renewed or taken over). */
export async function acquireNamedLease(name: string, owner: string, ms: number, now = new Date()): Promise<boolean> {
  const prisma = await writeDb();
  const until = new Date(now.getTime() + ms);
  return withWriteLock(async () => {
    const updated = await prisma.lease.updateMany({ where: { name, OR: [{ owner }, { until: { lt: now } }] }, data: { owner, until } });
    if (updated.count === 1) return true;
    try {
      await prisma.lease.create({ data: { name, owner, until } });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  });
}

/** Gives the lease up (shutdown), so another instance takes over at once. */
export async function releaseNamedLease(name: string, owner: string): Promise<void> {
  const prisma = await writeDb();
  await withWriteLock(() => prisma.lease.deleteMany({ where: { name, owner } }));
}
