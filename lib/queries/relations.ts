// Reads of projected relations (record-level links under an association).
import type { Prisma } from "../db";
import { db } from "../db";
import { relationList, type RelationFilters } from "../filters/relations";
import { lifecycleSelect } from "./associations";
import { listPage, type ListQuery, type Page } from "./list";
import { locationFilterIds, locationIdCondition, withLocationNames, type LocationIds, type Named } from "./location-profiles";

export const relationSelect = {
  id: true,
  associationId: true,
  firstObjectKey: true,
  firstRecordId: true,
  secondObjectKey: true,
  secondRecordId: true,
  ...lifecycleSelect,
} satisfies Prisma.RelationSelect;

export type RelationRow = Prisma.RelationGetPayload<{ select: typeof relationSelect }>;
/** An API row: the stored fields plus the location's display name. */
export type RelationListRow = Named<RelationRow>;

/** The filters without paging: what the list's conditions and its export read. */
export type RelationListFilters = Omit<RelationFilters, "cursor" | "before" | "limit">;

/** `locationIds`: what the locationId filter text resolved to (locationFilterIds); without it the text is taken as an exact id. */
function relationWhere(f: RelationListFilters, locationIds?: LocationIds): Prisma.RelationWhereInput {
  const and: Prisma.RelationWhereInput[] = [];
  if (f.associationId) and.push({ associationId: f.associationId });
  if (locationIds) and.push({ locationId: locationIdCondition(locationIds) });
  else if (f.locationId) and.push({ locationId: f.locationId });
  if (f.recordId) and.push({ OR: [{ firstRecordId: f.recordId }, { secondRecordId: f.recordId }] });
  if (f.status) and.push({ status: { in: f.status } });
  return { AND: and };
}

/** The relations list, newest event first: the API and the CSV export read it. */
export const relationListQuery: ListQuery<
  RelationListFilters,
  RelationRow,
  Prisma.RelationWhereInput,
  Prisma.RelationOrderByWithRelationInput,
  RelationListRow,
  LocationIds
> = {
  spec: relationList,
  resolve: (f) => locationFilterIds(f.locationId),
  where: relationWhere,
  read: async ({ where, orderBy, take }) => (await db()).relation.findMany({ where, orderBy, select: relationSelect, take }),
  present: withLocationNames,
};

export function listRelations(f: RelationFilters): Promise<Page<RelationListRow>> {
  return listPage(relationListQuery, f);
}
