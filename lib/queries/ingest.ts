// recordEvent: stores one verified, parsed delivery and projects it, in one
// transaction, so a 2xx is only ever sent for committed data. Deduplication is the
// unique index on Event.dedupeKey: of concurrent identical deliveries exactly one
// insert wins and the others count as duplicates of it.
import { db, type Db } from "../db";
import type { EventKind } from "../highlevel/events";
import type { AssociationPayload, RelationPayload } from "../highlevel/events";
import type { OrderKey } from "../projection";
import { projectAssociationEvent } from "./project-association";
import { projectRelationEvent } from "./project-relation";
import type { Tx } from "./tx";

interface BaseEvent {
  dedupeKey: string;
  webhookId: string | null;
  locationId: string | null;
  subjectId: string | null;
  associationId: string | null;
  eventTimestamp: Date | null;
  receivedAt: Date;
  verification: "ed25519" | "rsa" | "unverified";
  signedForm: "raw" | "json" | null;
  route: "generic" | "path";
  headers: Record<string, string>;
  rawBody: Uint8Array<ArrayBuffer>;
}

export type IncomingEvent = BaseEvent &
  (
    | { kind: "association"; type: string; rank: number; isDelete: boolean; payload: AssociationPayload }
    | { kind: "relation"; type: string; rank: number; isDelete: boolean; payload: RelationPayload }
    | { kind: Exclude<EventKind, "association" | "relation">; type: string | null }
  );

export interface RecordResult {
  status: "stored" | "duplicate";
  eventId: number;
}

const transactionOptions = { maxWait: 10_000, timeout: 20_000 };

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === "P2002";
}

async function countInLocation(tx: Tx, ev: IncomingEvent, counts: { associations: number; relations: number }) {
  if (!ev.locationId) return;
  const at = ev.eventTimestamp ?? ev.receivedAt;
  await tx.location.upsert({
    where: { locationId: ev.locationId },
    create: { locationId: ev.locationId, events: 1, ...counts, lastEventAt: at },
    update: {
      events: { increment: 1 },
      associations: { increment: counts.associations },
      relations: { increment: counts.relations },
    },
  });
  // A conditional update, not read-then-write: concurrent events keep the maximum.
  await tx.location.updateMany({
    where: { locationId: ev.locationId, lastEventAt: { lt: at } },
    data: { lastEventAt: at },
  });
}

export async function recordEvent(ev: IncomingEvent): Promise<RecordResult> {
  const prisma = await db();
  const occurredAt = ev.eventTimestamp ?? ev.receivedAt;
  try {
    return await prisma.$transaction(async (tx) => {
      const { id } = await tx.event.create({
        data: {
          dedupeKey: ev.dedupeKey,
          webhookId: ev.webhookId,
          type: ev.type,
          kind: ev.kind,
          locationId: ev.locationId,
          subjectId: ev.subjectId,
          associationId: ev.associationId,
          eventTimestamp: ev.eventTimestamp,
          occurredAt,
          receivedAt: ev.receivedAt,
          lastSeenAt: ev.receivedAt,
          verification: ev.verification,
          signedForm: ev.signedForm,
          route: ev.route,
          headers: JSON.stringify(ev.headers),
          rawBody: ev.rawBody,
          bodySize: ev.rawBody.byteLength,
        },
        select: { id: true },
      });
      const counts = { associations: 0, relations: 0 };
      if (ev.kind === "association" || ev.kind === "relation") {
        const order: OrderKey = { at: occurredAt, rank: ev.rank, eventId: id };
        const projected = { isDelete: ev.isDelete, order, receivedAt: ev.receivedAt };
        if (ev.kind === "association") {
          counts.associations = (await projectAssociationEvent(tx, { ...projected, payload: ev.payload })) ? 1 : 0;
        } else {
          counts.relations = (await projectRelationEvent(tx, { ...projected, payload: ev.payload })) ? 1 : 0;
        }
      }
      await countInLocation(tx, ev, counts);
      return { status: "stored" as const, eventId: id };
    }, transactionOptions);
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return recordDuplicate(prisma, ev.dedupeKey, ev.receivedAt);
  }
}

async function recordDuplicate(prisma: Db, dedupeKey: string, seenAt: Date): Promise<RecordResult> {
  // In an interactive transaction even though it is one statement: on SQLite the
  // transaction mutex is what keeps it out of another request's open transaction
  // (whose rollback would undo it). A batch `$transaction([one query])` is not
  // enough: Prisma runs a single-query batch without BEGIN, so it skips the mutex.
  const original = await prisma.$transaction(
    (tx) =>
      tx.event.update({
        where: { dedupeKey },
        data: { duplicateCount: { increment: 1 }, lastSeenAt: seenAt },
        select: { id: true },
      }),
    transactionOptions,
  );
  return { status: "duplicate", eventId: original.id };
}
