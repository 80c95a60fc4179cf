// What the alert rules measure, read from the database: cumulative totals (refusals
// per cause, every instance's 429s, the event log's head) for the evaluator's
// window, and a sample row to show with an alert.
import { db, withWriteLock, writeDb } from "../db";
import type { Sample } from "../domain/alerts";

const REJECTED = "rejected:";
/** Counter per instance: "receiver429:<host:pid:random>", its process's 429 total. */
const RECEIVER_429 = "receiver429:";

/** Cumulative totals: "rejected:<cause>" each, "receiver429" summed over instances, "head" (newest event id). */
export async function readTotals(): Promise<Record<string, number>> {
  const prisma = await db();
  const [counters, head] = await Promise.all([
    prisma.counter.findMany({ where: { OR: [{ name: { startsWith: REJECTED } }, { name: { startsWith: RECEIVER_429 } }] } }),
    prisma.event.findFirst({ orderBy: { id: "desc" }, select: { id: true } }),
  ]);
  const totals: Record<string, number> = { receiver429: 0, head: head?.id ?? 0 };
  for (const c of counters) {
    if (c.name.startsWith(RECEIVER_429)) totals.receiver429 = (totals.receiver429 ?? 0) + c.value;
    else totals[c.name] = c.value;
  }
  return totals;
}

/** Stored deliveries after an event id (a primary-key range count: cheap for a 15-minute window). */
export async function eventsAfter(id: number): Promise<number> {
  const prisma = await db();
  return prisma.event.count({ where: { id: { gt: id } } });
}

/**
 * Records this process's 429 total where the evaluator (maybe another instance) can
 * read it. Only a process that has refused anything writes a row, so rows stay as
 * few as the processes that ever answered 429; the sum of all rows only grows.
 */
export async function record429Total(owner: string, total: number): Promise<void> {
  const prisma = await writeDb();
  const name = `${RECEIVER_429}${owner}`;
  await withWriteLock(() => prisma.counter.upsert({ where: { name }, create: { name, value: total }, update: { value: total } }));
}

/** The newest rejected request of each cause: what was refused, without headers or body. */
export async function latestRejected(causes: readonly string[]): Promise<Record<string, Sample>> {
  const prisma = await db();
  const rows = await Promise.all(
    causes.map((cause) =>
      prisma.rejectedRequest.findFirst({
        where: { cause },
        orderBy: { id: "desc" },
        select: { id: true, receivedAt: true, status: true, cause: true, message: true, method: true, path: true },
      }),
    ),
  );
  const out: Record<string, Sample> = {};
  for (const r of rows) {
    if (r)
      out[r.cause] = {
        rejectedId: r.id,
        receivedAt: r.receivedAt.toISOString(),
        status: r.status,
        message: r.message.slice(0, 300),
        request: `${r.method} ${r.path}`.slice(0, 300),
      };
  }
  return out;
}

/** The newest event of each location (its last delivery), to show beside a silence alert. */
export async function latestEvents(locationIds: readonly string[]): Promise<Record<string, Sample>> {
  const prisma = await db();
  const rows = await Promise.all(
    locationIds.map((locationId) =>
      prisma.event.findFirst({ where: { locationId }, orderBy: { id: "desc" }, select: { id: true, type: true, receivedAt: true, locationId: true } }),
    ),
  );
  const out: Record<string, Sample> = {};
  for (const r of rows) {
    if (r?.locationId) out[r.locationId] = { eventId: r.id, type: r.type, receivedAt: r.receivedAt.toISOString() };
  }
  return out;
}
