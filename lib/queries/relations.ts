// Reads of projected relations (record-level links under an association).
import type { Prisma } from "../generated/postgresql/client";
import { db } from "../db";
import type { RelationFilters } from "../filters/relations";
import { seekPage } from "./keyset";
import type { Page } from "./paging";

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

export function relationWhere(f: Omit<RelationFilters, "cursor" | "before" | "limit">): Prisma.RelationWhereInput {
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
  const decode = (c: RelationFilters["cursor"]): [Date, string] | undefined => (c ? [new Date(c[0]), c[1]] : undefined);
  return seekPage({
    sort: order,
    nullable: false,
    after: decode(f.cursor),
    before: decode(f.before),
    limit: f.limit,
    fetch: (seek, orderBy, take) =>
      prisma.relation.findMany({
        where: { AND: [where, seek] },
        orderBy: orderBy as Prisma.RelationOrderByWithRelationInput[],
        select: relationSelect,
        take,
      }),
    cursorOf: (r) => [r.lastEventAt.toISOString(), r.id],
  });
}
