// What we know of one location, as a reconciliation compares it with HighLevel:
// its projected associations (active and deleted), the record ids of its most
// recently active relations, and those records' relations.
import { db, type Prisma } from "../db";
import { associationSelect as listedAssociationSelect } from "./associations";
import { relationSelect as listedRelationSelect } from "./relations";

// The API rows' fields less firstSeenAt, which a comparison with HighLevel has no use for.
const { firstSeenAt: _association, ...associationSelect } = listedAssociationSelect;
const { firstSeenAt: _relation, ...relationSelect } = listedRelationSelect;

export type OurAssociation = Prisma.AssociationGetPayload<{ select: typeof associationSelect }>;
export type OurRelation = Prisma.RelationGetPayload<{ select: typeof relationSelect }>;

export async function ourAssociations(locationId: string): Promise<OurAssociation[]> {
  const prisma = await db();
  return prisma.association.findMany({ where: { locationId }, select: associationSelect, orderBy: { id: "asc" } });
}

/** Up to `limit` record ids from the location's relations, most recently active first. */
export async function recentRecordIds(locationId: string, limit: number): Promise<string[]> {
  if (limit <= 0) return [];
  const prisma = await db();
  const ids = new Set<string>();
  let cursor: { lastEventAt: Date; id: string } | null = null;
  // Reads the (locationId, lastEventAt, id) index in chunks until enough distinct ids.
  while (ids.size < limit) {
    const rows: { id: string; lastEventAt: Date; firstRecordId: string; secondRecordId: string }[] = await prisma.relation.findMany({
      where: {
        locationId,
        ...(cursor ? { OR: [{ lastEventAt: { lt: cursor.lastEventAt } }, { lastEventAt: cursor.lastEventAt, id: { lt: cursor.id } }] } : {}),
      },
      orderBy: [{ lastEventAt: "desc" }, { id: "desc" }],
      take: 200,
      select: { id: true, lastEventAt: true, firstRecordId: true, secondRecordId: true },
    });
    for (const r of rows) {
      for (const id of [r.firstRecordId, r.secondRecordId]) if (ids.size < limit) ids.add(id);
    }
    const last = rows.at(-1);
    if (!last || rows.length < 200) break;
    cursor = { lastEventAt: last.lastEventAt, id: last.id };
  }
  return [...ids];
}

/** The location's relations that have `recordId` on either side. */
export async function ourRelationsOfRecord(locationId: string, recordId: string): Promise<OurRelation[]> {
  const prisma = await db();
  return prisma.relation.findMany({
    where: { locationId, OR: [{ firstRecordId: recordId }, { secondRecordId: recordId }] },
    select: relationSelect,
    orderBy: { id: "asc" },
  });
}

/** When we last heard from the location at all: its newest delivery. */
export async function locationLastHeard(locationId: string): Promise<Date | null> {
  const prisma = await db();
  const row = await prisma.location.findUnique({ where: { locationId }, select: { lastReceivedAt: true, lastEventAt: true } });
  return row ? (row.lastReceivedAt ?? row.lastEventAt) : null;
}
