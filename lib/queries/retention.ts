// Retention: events (with their raw bodies) older than RETENTION_DAYS are deleted
// in small batches, so ingestion is never blocked for long. The projected
// associations and relations, their event counts and the per-location totals
// stay as they are: they describe everything ever received. The per-day chart
// counts (EventDay) follow the events, since they describe what is stored.
// The per-location activity (LocationHour, Location.lastReceivedAt, install state)
// stays too: like the totals it describes what was received, and LocationHour keeps
// only 15 days of its own (see location-lifecycle.ts), so with RETENTION_DAYS >= 15
// retention never deletes an event still counted there. With a shorter retention,
// the activity figures still count the deliveries received, which is what silence
// detection needs; only a reprojection would then count fewer.
// Only events the projector has applied are pruned: an unprojected event is still
// owed to the derived state (and is not in EventDay yet).
import { withWriteLock, writeDb } from "../db";
import { bumpEventDays } from "./event-days";
import { PROJECTOR } from "./projector";

class ConcurrentPrune extends Error {}

export async function pruneEventsBefore(cutoff: Date, batchSize = 2000): Promise<number> {
  const prisma = await writeDb();
  let deleted = 0;
  for (;;) {
    const state = await prisma.projectorState.findUnique({ where: { name: PROJECTOR }, select: { position: true } });
    const batch = await prisma.event.findMany({
      where: { receivedAt: { lt: cutoff }, id: { lte: state?.position ?? 0 } },
      select: { id: true },
      orderBy: { id: "asc" },
      take: batchSize,
    });
    if (batch.length === 0) return deleted;
    // One transaction for the delete and the chart's counts, so they never disagree
    // (on SQLite it also keeps the delete out of any other request's open transaction).
    // If another instance pruned some of these rows meanwhile, the counts would be off:
    // roll back and take the next batch, which no longer has them.
    let count = 0;
    try {
      count = await withWriteLock(() =>
        prisma.$transaction(async (tx) => {
          const present = await tx.event.findMany({ where: { id: { in: batch.map((e) => e.id) } }, select: { id: true, receivedAt: true, type: true } });
          const result = await tx.event.deleteMany({ where: { id: { in: present.map((e) => e.id) } } });
          if (result.count !== present.length) throw new ConcurrentPrune();
          await bumpEventDays(tx, present, -1);
          return result.count;
        }),
      );
    } catch (error) {
      if (!(error instanceof ConcurrentPrune)) throw error;
      continue;
    }
    deleted += count;
    if (batch.length < batchSize) return deleted;
  }
}

export function retentionCutoff(days: number, now = new Date()): Date {
  return new Date(now.getTime() - days * 86_400_000);
}
