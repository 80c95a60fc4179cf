// Storing deliveries: a batch of verified, parsed deliveries is stored and
// projected in ONE transaction, and each is answered only after that commit (group
// commit: one fsync and one round of lock/aggregate work for many deliveries).
// Deduplication rests on the unique index on Event.dedupeKey: existing keys are
// read inside the transaction, keys repeated within the batch are folded, and a
// concurrent writer that wins a race makes the insert fail, so the batch is
// retried and then finds that key stored.
import { db } from "../db";
import { bumpEventDays } from "./event-days";
import type { IncomingEvent, RecordResult } from "./ingest-types";
import { projectBatch } from "./project-batch";
import { lockSubjects, type Tx } from "./tx";

export type { IncomingEvent, RecordResult } from "./ingest-types";

const transactionOptions = { maxWait: 10_000, timeout: 30_000 };

interface LocationDelta {
  events: number;
  associations: number;
  relations: number;
  lastEventAt: Date;
}

function eventRow(ev: IncomingEvent) {
  return {
    dedupeKey: ev.dedupeKey,
    webhookId: ev.webhookId,
    type: ev.type,
    kind: ev.kind,
    locationId: ev.locationId,
    subjectId: ev.subjectId,
    associationId: ev.associationId,
    eventTimestamp: ev.eventTimestamp,
    occurredAt: ev.eventTimestamp ?? ev.receivedAt,
    receivedAt: ev.receivedAt,
    lastSeenAt: ev.receivedAt,
    verification: ev.verification,
    signedForm: ev.signedForm,
    route: ev.route,
    headers: JSON.stringify(ev.headers),
    rawBody: ev.rawBody,
    bodySize: ev.rawBody.byteLength,
  };
}

/** Every advisory lock the batch's projections need, taken up front (see lockSubjects). */
function lockIds(events: IncomingEvent[]): string[] {
  const ids: string[] = [];
  for (const ev of events) {
    if (ev.kind === "association") ids.push(ev.payload.id);
    if (ev.kind === "relation") ids.push(ev.payload.associationId, ev.payload.id);
  }
  return ids;
}

async function applyLocationDeltas(tx: Tx, deltas: Map<string, LocationDelta>): Promise<void> {
  // Sorted, like the subject locks: concurrent batches take row locks in one order.
  for (const [locationId, d] of [...deltas].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    await tx.location.upsert({
      where: { locationId },
      create: { locationId, events: d.events, associations: d.associations, relations: d.relations, lastEventAt: d.lastEventAt },
      update: { events: { increment: d.events }, associations: { increment: d.associations }, relations: { increment: d.relations } },
    });
    // Conditional, not read-then-write: concurrent writers keep the maximum.
    await tx.location.updateMany({ where: { locationId, lastEventAt: { lt: d.lastEventAt } }, data: { lastEventAt: d.lastEventAt } });
  }
}

/** Stores and projects a batch in one transaction; results in the batch's order. */
export async function recordBatch(events: IncomingEvent[]): Promise<RecordResult[]> {
  const prisma = await db();
  return prisma.$transaction(async (tx) => {
    await lockSubjects(tx, lockIds(events));
    const keys = [...new Set(events.map((e) => e.dedupeKey))];
    const existing = new Map(
      (await tx.event.findMany({ where: { dedupeKey: { in: keys } }, select: { id: true, dedupeKey: true } })).map((e) => [e.dedupeKey, e.id]),
    );
    // First occurrence of each new key is stored; later ones (and stored keys) are duplicates.
    const fresh = new Map<string, IncomingEvent>();
    for (const ev of events) if (!existing.has(ev.dedupeKey) && !fresh.has(ev.dedupeKey)) fresh.set(ev.dedupeKey, ev);
    const inserted = fresh.size
      ? await tx.event.createManyAndReturn({
          data: [...fresh.values()].sort((a, b) => (a.dedupeKey < b.dedupeKey ? -1 : 1)).map(eventRow),
          select: { id: true, dedupeKey: true },
        })
      : [];
    const ids = new Map([...existing, ...inserted.map((e) => [e.dedupeKey, e.id] as const)]);
    await bumpEventDays(tx, [...fresh.values()], 1);

    const stored = events.filter((ev) => fresh.get(ev.dedupeKey) === ev);
    const idOf = (ev: IncomingEvent) => {
      const id = ids.get(ev.dedupeKey);
      if (id === undefined) throw new Error(`event ${ev.dedupeKey} was not stored`);
      return id;
    };
    const created = await projectBatch(
      tx,
      stored.flatMap((ev) => (ev.kind === "association" || ev.kind === "relation" ? [{ ev, eventId: idOf(ev) }] : [])),
    );
    const deltas = new Map<string, LocationDelta>();
    for (const ev of stored) {
      if (!ev.locationId) continue;
      const at = ev.eventTimestamp ?? ev.receivedAt;
      const d = deltas.get(ev.locationId) ?? { events: 0, associations: 0, relations: 0, lastEventAt: at };
      d.events += 1;
      if (at > d.lastEventAt) d.lastEventAt = at;
      deltas.set(ev.locationId, d);
    }
    // New rows count in the location of the row (an association's own locationId).
    for (const [locationId, c] of created) {
      const d = deltas.get(locationId);
      if (!d) continue; // every projected event carries a locationId, so this is unreachable
      d.associations += c.associations;
      d.relations += c.relations;
    }
    await applyLocationDeltas(tx, deltas);

    // Duplicates: one increment per repeat, last-seen = the latest receive time among them.
    const repeats = new Map<string, { count: number; seenAt: Date }>();
    for (const ev of events) {
      if (fresh.get(ev.dedupeKey) === ev) continue;
      const r = repeats.get(ev.dedupeKey) ?? { count: 0, seenAt: ev.receivedAt };
      r.count += 1;
      if (ev.receivedAt > r.seenAt) r.seenAt = ev.receivedAt;
      repeats.set(ev.dedupeKey, r);
    }
    for (const [dedupeKey, r] of [...repeats].sort(([a], [b]) => (a < b ? -1 : 1))) {
      await tx.event.update({ where: { dedupeKey }, data: { duplicateCount: { increment: r.count }, lastSeenAt: r.seenAt } });
    }
    const repeated = events.length - fresh.size;
    if (repeated > 0) {
      // The overview's total, kept here so it never sums every event.
      await tx.counter.upsert({ where: { name: "duplicates" }, create: { name: "duplicates", value: repeated }, update: { value: { increment: repeated } } });
    }

    return events.map((ev): RecordResult => {
      const eventId = ids.get(ev.dedupeKey);
      if (eventId === undefined) throw new Error(`event ${ev.dedupeKey} has no id`);
      return { status: fresh.get(ev.dedupeKey) === ev ? "stored" : "duplicate", eventId };
    });
  }, transactionOptions);
}
