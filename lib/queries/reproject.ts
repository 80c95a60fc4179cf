// Rebuilding the derived tables from the event log (npm run reproject): take the
// projector's lease from whoever holds it, empty every derived table and set the
// position back to 0 in one transaction, then let the ordinary projection step
// (projectNext) replay the log. Because it is the same code path as incremental
// projection, the result is what incremental projection produces (tested).
import { withWriteLock, writeDb } from "../db";
import { clearEventSearch } from "./event-search";
import { PROJECTOR } from "./projector";

/**
 * Makes `owner` the projector whatever the lease says. A server's projector in the
 * middle of a step finishes it first (PostgreSQL: it holds the row lock; SQLite: the
 * write lock), then finds the lease gone and waits, retrying every poll.
 */
export async function seizeLease(owner: string, leaseMs: number): Promise<void> {
  const prisma = await writeDb();
  const now = new Date();
  await withWriteLock(() =>
    prisma.projectorState.upsert({
      where: { name: PROJECTOR },
      create: { name: PROJECTOR, position: 0, owner, leaseUntil: new Date(now.getTime() + leaseMs), updatedAt: now },
      update: { owner, leaseUntil: new Date(now.getTime() + leaseMs), updatedAt: now },
    }),
  );
}

/** Empties the derived tables and rewinds the position, if `owner` still holds the lease. */
export async function resetDerivedState(owner: string): Promise<{ events: number }> {
  const prisma = await writeDb();
  return withWriteLock(() =>
    prisma.$transaction(
      async (tx) => {
        const held = await tx.projectorState.updateMany({ where: { name: PROJECTOR, owner }, data: { position: 0, updatedAt: new Date() } });
        if (held.count !== 1) throw new Error("another process took the projector lease; reproject stopped before changing anything");
        await tx.relation.deleteMany();
        await tx.association.deleteMany();
        await tx.location.deleteMany();
        await tx.locationHour.deleteMany();
        // LocationProfile is not derived (operator names, API names): it stays.
        await tx.eventDay.deleteMany();
        await clearEventSearch(tx); // the body search index is derived too
        // Repeats are counted on their event at ingest; the total is their sum.
        const repeats = await tx.event.aggregate({ _sum: { duplicateCount: true } });
        const duplicates = repeats._sum.duplicateCount ?? 0;
        await tx.counter.upsert({ where: { name: "duplicates" }, create: { name: "duplicates", value: duplicates }, update: { value: duplicates } });
        return { events: await tx.event.count() };
      },
      { maxWait: 10_000, timeout: 300_000 },
    ),
  );
}
