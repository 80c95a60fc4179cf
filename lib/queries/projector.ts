// The projector's transaction: read the next events of the log after the saved
// position (id order = commit order, see append.ts), apply them to the derived
// tables (associations, relations, location counters and install state, deliveries
// per location and hour, day rollups), and save the
// new position, all in ONE transaction. A crash before the commit re-applies the
// batch from the old position; after it, starts after it: each event is applied
// exactly once. The transaction first renews this process's lease on the state row
// (PostgreSQL: that UPDATE also row-locks it), so if two processes ever both believe
// they hold the lease, the second waits and then finds the lease is not its own.
import { writeDb, withWriteLock } from "../db";
import type { z } from "zod";
import { eventRank, isAssociationEventType, isHandledEventType, payloadSchemas } from "../domain/events";
import { logger } from "../logger";
import { bumpEventDays } from "./event-days";
import { indexEventBodies } from "./event-search";
import { addReceived, applyInstallEvents, applyReceived, installEventOf, type ReceivedDelta } from "./location-lifecycle";
import type { Projectable } from "../projection";
import { projectBatch } from "./project-batch";
import type { Tx } from "./tx";

export const PROJECTOR = "main";

export class LeaseLost extends Error {
  constructor() {
    super("the projector lease is held by another process");
  }
}

interface LocationDelta {
  events: number;
  associations: number;
  relations: number;
  lastEventAt: Date;
}

export interface LogRow {
  id: number;
  type: string | null;
  kind: string;
  locationId: string | null;
  eventTimestamp: Date | null;
  receivedAt: Date;
  rawBody: Uint8Array;
  /** "reconciled" marks a synthetic event applied from a reconciliation finding. */
  verification?: string;
}

const logSelect = { id: true, type: true, kind: true, locationId: true, eventTimestamp: true, receivedAt: true, rawBody: true, verification: true } as const;
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * The projectable event a stored row stands for, re-read from its raw body: the log
 * is the source of truth, so rebuilding from it gives what incremental projection
 * gave. Null for events that are not projected (other and unclassified types).
 */
export function projectableOf(row: LogRow): Projectable | null {
  if ((row.kind !== "association" && row.kind !== "relation") || !row.type || !isHandledEventType(row.type)) return null;
  let body: unknown;
  try {
    body = JSON.parse(utf8.decode(row.rawBody));
  } catch {
    body = null;
  }
  const type = row.type;
  const common = { eventTimestamp: row.eventTimestamp, receivedAt: row.receivedAt, rank: eventRank(type), isDelete: type.endsWith("Delete") };
  const payloadOf = <P>(schema: z.ZodType<P>): P | null => {
    const parsed = schema.safeParse(body);
    if (parsed.success) return parsed.data;
    // Validated at ingest; only a later, stricter schema can get here. Skipping keeps
    // the projector moving; the event stays in the log for a reprojection.
    logger.warn({ eventId: row.id, type }, "stored event no longer matches its schema; not projected");
    return null;
  };
  if (isAssociationEventType(type)) {
    // Reconciled Update/Delete events (lib/reconcile/apply.ts) carry HighLevel's list row,
    // which may lack the cardinalities every webhook Update/Delete carries. The projection
    // keeps fields an event does not carry, so for those synthetic events only, the
    // Create schema (cardinalities optional) is the check.
    const payload = payloadOf(row.verification === "reconciled" ? payloadSchemas.AssociationCreate : payloadSchemas[type]);
    return payload && { ...common, kind: "association", payload };
  }
  const payload = payloadOf(payloadSchemas[type]);
  return payload && { ...common, kind: "relation", payload };
}

async function applyLocationDeltas(tx: Tx, deltas: Map<string, LocationDelta>): Promise<void> {
  for (const [locationId, d] of [...deltas].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    await tx.location.upsert({
      where: { locationId },
      create: { locationId, events: d.events, associations: d.associations, relations: d.relations, lastEventAt: d.lastEventAt },
      update: { events: { increment: d.events }, associations: { increment: d.associations }, relations: { increment: d.relations } },
    });
    await tx.location.updateMany({ where: { locationId, lastEventAt: { lt: d.lastEventAt } }, data: { lastEventAt: d.lastEventAt } });
  }
}

/** Applies logged rows (in id order) to the derived tables inside `tx`. */
async function applyRows(tx: Tx, rows: LogRow[]): Promise<void> {
  const items = rows.flatMap((row) => {
    const ev = projectableOf(row);
    return ev ? [{ ev, eventId: row.id }] : [];
  });
  const created = await projectBatch(tx, items);
  await bumpEventDays(tx, rows, 1);
  await indexEventBodies(tx, rows);
  const deltas = new Map<string, LocationDelta>();
  const received = new Map<string, ReceivedDelta>();
  const installs = rows.flatMap((row) => installEventOf(row) ?? []);
  const touch = (locationId: string, at: Date, events: number) => {
    const d = deltas.get(locationId) ?? { events: 0, associations: 0, relations: 0, lastEventAt: at };
    d.events += events;
    if (at > d.lastEventAt) d.lastEventAt = at;
    deltas.set(locationId, d);
  };
  for (const row of rows) {
    if (!row.locationId) continue;
    touch(row.locationId, row.eventTimestamp ?? row.receivedAt, 1);
    addReceived(received, row.locationId, row.receivedAt);
  }
  // A bulk install names locations beside (or instead of) Event.locationId: each gets a
  // row and the delivery in its activity, but no event count (the event is counted once,
  // under its own locationId, as the events list filters it).
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const ev of installs) {
    const row = byId.get(ev.eventId);
    for (const locationId of ev.locationIds) {
      if (!row || locationId === row.locationId) continue;
      touch(locationId, ev.at, 0);
      addReceived(received, locationId, row.receivedAt);
    }
  }
  // New rows count in the location of the row (an association's own locationId).
  for (const [locationId, c] of created) {
    const d = deltas.get(locationId) ?? { events: 0, associations: 0, relations: 0, lastEventAt: new Date(0) };
    d.associations += c.associations;
    d.relations += c.relations;
    deltas.set(locationId, d);
  }
  await applyLocationDeltas(tx, deltas);
  await applyReceived(tx, received);
  const last = rows.at(-1);
  if (installs.length && last) await applyInstallEvents(tx, installs, last.id);
}

const transactionOptions = { maxWait: 10_000, timeout: 60_000 };

/** One projection step of at most `limit` events; how many were applied and the new position. */
export async function projectNext(owner: string, limit: number, leaseMs: number): Promise<{ applied: number; position: number }> {
  const prisma = await writeDb();
  return withWriteLock(() =>
    prisma.$transaction(async (tx) => {
      const now = new Date();
      const renewed = await tx.projectorState.updateMany({
        where: { name: PROJECTOR, owner },
        data: { leaseUntil: new Date(now.getTime() + leaseMs), updatedAt: now },
      });
      if (renewed.count === 0) throw new LeaseLost();
      const { position } = await tx.projectorState.findUniqueOrThrow({ where: { name: PROJECTOR }, select: { position: true } });
      const rows = await tx.event.findMany({ where: { id: { gt: position } }, orderBy: { id: "asc" }, take: limit, select: logSelect });
      const last = rows.at(-1);
      if (!last) return { applied: 0, position };
      await applyRows(tx, rows);
      await tx.projectorState.update({ where: { name: PROJECTOR }, data: { position: last.id } });
      return { applied: rows.length, position: last.id };
    }, transactionOptions),
  );
}

/** Takes the lease when it is free, expired or already ours; true when we hold it. */
export async function acquireLease(owner: string, leaseMs: number): Promise<boolean> {
  const prisma = await writeDb();
  return withWriteLock(async () => {
    const now = new Date();
    const take = () =>
      prisma.projectorState.updateMany({
        where: { name: PROJECTOR, OR: [{ owner: null }, { owner }, { leaseUntil: null }, { leaseUntil: { lt: now } }] },
        data: { owner, leaseUntil: new Date(now.getTime() + leaseMs), updatedAt: now },
      });
    // Standby instances call this every poll: one UPDATE, and the row check only when it took nothing.
    if ((await take()).count === 1) return true;
    if (await prisma.projectorState.findUnique({ where: { name: PROJECTOR }, select: { name: true } })) return false;
    // A database emptied by hand (never by the app) has no state row: start at 0.
    await prisma.projectorState.upsert({ where: { name: PROJECTOR }, create: { name: PROJECTOR, position: 0, updatedAt: now }, update: {} });
    return (await take()).count === 1;
  });
}

/** Gives the lease up (clean shutdown), so another process need not wait for it to expire. */
export async function releaseLease(owner: string): Promise<void> {
  const prisma = await writeDb();
  await withWriteLock(() =>
    prisma.projectorState.updateMany({ where: { name: PROJECTOR, owner }, data: { owner: null, leaseUntil: null, updatedAt: new Date() } }),
  );
}
