// Replays made visible. A body without `type` cannot say which event it is, so the
// per-event URL decides; whoever holds one signed Update body can post the same bytes
// to …/AssociationDelete and the signature still verifies. Such a body has no
// webhookId (HighLevel's real deliveries carry one), so its dedupe key is the URL's
// type plus the bytes, and it is stored as a new event. This finds, for events of one
// subject, an earlier event with byte-identical body under a different type.
// Reconciled events (no webhookId either) are ours, not deliveries: never compared.
import { db } from "../db";

/**
 * For each event of `subjectId` with id in [fromId, toId] and no webhookId: the
 * earliest other event of that subject with the very same bytes, no webhookId and
 * another type. Reads the (subjectId, …) index, then compares bodies of equal size.
 */
export async function sameBytesAs(subjectId: string, fromId: number, toId: number): Promise<Map<number, number>> {
  const prisma = await db();
  const rows = await prisma.$queryRaw<{ id: number; sameAs: number }[]>`
    SELECT a."id" AS "id", MIN(b."id") AS "sameAs"
    FROM "Event" a
    JOIN "Event" b ON b."subjectId" = a."subjectId" AND b."bodySize" = a."bodySize" AND b."id" < a."id"
      AND b."webhookId" IS NULL AND b."type" IS DISTINCT FROM a."type" AND b."rawBody" = a."rawBody"
      AND b."verification" <> 'reconciled'
    WHERE a."subjectId" = ${subjectId} AND a."id" >= ${fromId} AND a."id" <= ${toId} AND a."webhookId" IS NULL
      AND a."verification" <> 'reconciled'
    GROUP BY a."id"`;
  return new Map(rows.map((r) => [Number(r.id), Number(r.sameAs)]));
}
