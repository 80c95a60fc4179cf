// The per-day, per-type delivery counts behind the overview chart, kept in step
// with the Event table by the ingest (+) and by retention (-).
import type { Tx } from "./tx";

export const dayOf = (date: Date): string => date.toISOString().slice(0, 10);

/** Adds `sign` per event to its (UTC day, type) row, in sorted order so concurrent batches never deadlock. */
export async function bumpEventDays(tx: Tx, events: { receivedAt: Date; type: string | null }[], sign: 1 | -1): Promise<void> {
  const counts = new Map<string, { day: string; type: string; n: number }>();
  for (const e of events) {
    const day = dayOf(e.receivedAt);
    const type = e.type ?? "unclassified";
    const key = `${day}\u0000${type}`;
    const c = counts.get(key) ?? { day, type, n: 0 };
    c.n += 1;
    counts.set(key, c);
  }
  for (const [, c] of [...counts].sort(([a], [b]) => (a < b ? -1 : 1))) {
    await tx.eventDay.upsert({
      where: { day_type: { day: c.day, type: c.type } },
      create: { day: c.day, type: c.type, count: sign * c.n },
      update: { count: { increment: sign * c.n } },
    });
  }
}
