// Retention: events (with their raw bodies) older than RETENTION_DAYS are deleted
// in small batches, so ingestion is never blocked for long. The projected
// associations and relations, their event counts and the per-location totals
// stay as they are: they describe everything ever received.
import { db } from "../db";

export async function pruneEventsBefore(cutoff: Date, batchSize = 2000): Promise<number> {
  const prisma = await db();
  let deleted = 0;
  for (;;) {
    const batch = await prisma.event.findMany({
      where: { receivedAt: { lt: cutoff } },
      select: { id: true },
      orderBy: { id: "asc" },
      take: batchSize,
    });
    if (batch.length === 0) return deleted;
    // In a transaction: on SQLite that keeps the delete out of any other request's open transaction.
    const { count } = await prisma.$transaction((tx) => tx.event.deleteMany({ where: { id: { in: batch.map((e) => e.id) } } }));
    deleted += count;
    if (batch.length < batchSize) return deleted;
  }
}

export function retentionCutoff(days: number, now = new Date()): Date {
  return new Date(now.getTime() - days * 86_400_000);
}

/** How many events exist for a subject now, to tell "pruned" apart in the history view. */
export async function countStoredEvents(subjectId: string, kind: "association" | "relation"): Promise<number> {
  return (await db()).event.count({ where: { subjectId, kind } });
}
