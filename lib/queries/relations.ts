// Reads of projected relations (record-level links under an association).
import type { Prisma } from "../generated/postgresql/client";
import { db } from "../db";
import type { RelationFilters } from "../filters/relations";
import { seekPage } from "./keyset";
import { locationFilterIds, locationIdCondition, withLocationNames, type Named } from "./location-profiles";
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
/** An API row: the stored fields plus the location's display name. */
export type RelationListRow = Named<RelationRow>;

const order = { key: "lastEventAt" as const, desc: true };

/** `locationIds`: what the locationId filter text resolved to (locationFilterIds); without it the text is taken as an exact id. */
export function relationWhere(f: Omit<RelationFilters, "cursor" | "before" | "limit">, locationIds?: readonly string[]): Prisma.RelationWhereInput {
  const and: Prisma.RelationWhereInput[] = [];
  if (f.associationId) and.push({ associationId: f.associationId });
  if (locationIds) and.push({ locationId: locationIdCondition(locationIds) });
  else if (f.locationId) and.push({ locationId: f.locationId });
  if (f.recordId) and.push({ OR: [{ firstRecordId: f.recordId }, { secondRecordId: f.recordId }] });
  if (f.status) and.push({ status: { in: f.status } });
  return { AND: and };
}

export async function listRelations(f: RelationFilters): Promise<Page<RelationListRow>> {
  const prisma = await db();
  const where = relationWhere(f, await locationFilterIds(f.locationId));
  const decode = (c: RelationFilters["cursor"]): [Date, string] | undefined => (c ? [new Date(c[0]), c[1]] : undefined);
  const page = await seekPage({
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
  return { ...page, data: await withLocationNames(page.data) };
}
