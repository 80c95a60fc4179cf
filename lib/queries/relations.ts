// Reads of projected relations (record-level links under an association).
import type { Prisma } from "../generated/postgresql/client";
import { db } from "../db";
import type { RelationFilters } from "../filters/relations";
import { afterCursor } from "./keyset";
import { keysetPage, type Page } from "./paging";

export const relationSelect = {
  id: true,
  associationId: true,
  firstObjectKey: true,
  firstRecordId: true,
  secondObjectKey: true,
  secondRecordId: true,
  locationId: true,
  status: true,
  eventCount: true,
  firstSeenAt: true,
  lastEventAt: true,
  deletedAt: true,
} satisfies Prisma.RelationSelect;

export type RelationRow = Prisma.RelationGetPayload<{ select: typeof relationSelect }>;

const order = { key: "lastEventAt" as const, desc: true };

export function relationWhere(f: Omit<RelationFilters, "cursor" | "limit">): Prisma.RelationWhereInput {
  const and: Prisma.RelationWhereInput[] = [];
  if (f.associationId) and.push({ associationId: f.associationId });
  if (f.locationId) and.push({ locationId: f.locationId });
  if (f.recordId) and.push({ OR: [{ firstRecordId: f.recordId }, { secondRecordId: f.recordId }] });
  if (f.status) and.push({ status: { in: f.status } });
  return { AND: and };
}

export async function listRelations(f: RelationFilters): Promise<Page<RelationRow>> {
  const prisma = await db();
  const where = relationWhere(f);
  if (f.cursor) {
    const [at, id] = f.cursor;
    (where.AND as Prisma.RelationWhereInput[]).push(afterCursor(order, [new Date(at), id], false));
  }
  const rows = await prisma.relation.findMany({
    where,
    orderBy: [{ lastEventAt: "desc" }, { id: "desc" }],
    select: relationSelect,
    take: f.limit + 1,
  });
  return keysetPage(rows, f.limit, (r) => [r.lastEventAt.toISOString(), r.id]);
}
