// Reads of projected associations: the filtered, sorted, keyset-paged list and
// one association with a page of its history. Shared by the JSON API, pages and CSV export.
import type { Prisma } from "../db";
import { db } from "../db";
import { associationHistorySchema, associationList, type AssociationFilters, type AssociationHistoryParams } from "../filters/associations";
import { listAssociationHistory, type HistoryEntry, type HistoryPage } from "./history";
import { listPage, type ListQuery, type Page } from "./list";
import { getLocationNames, locationFilterIds, locationIdCondition, withLocationNames, type LocationIds, type Named } from "./location-profiles";
import { containsText } from "./text-match";

/** What associations and relations both carry after HighLevel's fields: where, and their lifecycle. */
export const lifecycleSelect = {
  locationId: true,
  status: true,
  eventCount: true,
  firstSeenAt: true,
  lastEventAt: true,
  deletedAt: true,
} as const satisfies Prisma.AssociationSelect & Prisma.RelationSelect;

/** Row shape of the API: HighLevel's field names, then our lifecycle fields. */
export const associationSelect = {
  id: true,
  key: true,
  associationType: true,
  firstObjectKey: true,
  firstObjectLabel: true,
  secondObjectKey: true,
  secondObjectLabel: true,
  firstObjectToSecondObjectCardinality: true,
  secondObjectToFirstObjectCardinality: true,
  ...lifecycleSelect,
} satisfies Prisma.AssociationSelect;

export type AssociationRow = Prisma.AssociationGetPayload<{ select: typeof associationSelect }>;
/** An API row: the stored fields plus the location's display name. */
export type AssociationListRow = Named<AssociationRow>;

/** The filters without paging: what the list's conditions and its export read. */
export type AssociationListFilters = Omit<AssociationFilters, "cursor" | "before" | "limit">;

/** `locationIds`: what the locationId filter text resolved to (locationFilterIds); without it the text is taken as an exact id. */
function associationWhere(f: Omit<AssociationListFilters, "sort">, locationIds?: LocationIds): Prisma.AssociationWhereInput {
  const and: Prisma.AssociationWhereInput[] = [];
  if (locationIds) and.push({ locationId: locationIdCondition(locationIds) });
  else if (f.locationId) and.push({ locationId: f.locationId });
  if (f.associationType) and.push({ associationType: { in: f.associationType } });
  if (f.status) and.push({ status: { in: f.status } });
  if (f.objectKey) and.push({ OR: [{ firstObjectKey: f.objectKey }, { secondObjectKey: f.objectKey }] });
  if (f.q) {
    const text = containsText(f.q);
    and.push({ OR: [{ key: text }, { firstObjectLabel: text }, { secondObjectLabel: text }, { id: f.q }] });
  }
  if (f.from || f.to) and.push({ lastEventAt: { gte: f.from, lte: f.to } });
  return and.length ? { AND: and } : {};
}

/** The associations list: the API, the page and the CSV export read it. */
export const associationListQuery: ListQuery<
  AssociationListFilters,
  AssociationRow,
  Prisma.AssociationWhereInput,
  Prisma.AssociationOrderByWithRelationInput,
  AssociationListRow,
  LocationIds
> = {
  spec: associationList,
  resolve: (f) => locationFilterIds(f.locationId),
  where: associationWhere,
  read: async ({ where, orderBy, take }) => (await db()).association.findMany({ where, orderBy, select: associationSelect, take }),
  present: withLocationNames,
};

export function listAssociations(f: AssociationFilters): Promise<Page<AssociationListRow>> {
  return listPage(associationListQuery, f);
}

/** One association with one page of its history: the newest events unless `history` asks for another page. */
export async function getAssociation(
  id: string,
  { history = associationHistorySchema.parse({}), rawBodies = false }: { history?: AssociationHistoryParams; rawBodies?: boolean } = {},
): Promise<(AssociationListRow & { history: HistoryEntry[]; historyPage: HistoryPage }) | null> {
  const prisma = await db();
  // Both reads at once: on PostgreSQL they run side by side; the page of a missing association is empty.
  const [association, page] = await Promise.all([
    prisma.association.findUnique({ where: { id }, select: associationSelect }),
    listAssociationHistory(id, history, { rawBodies }),
  ]);
  if (!association) return null;
  const names = await getLocationNames([association.locationId]);
  return {
    ...association,
    locationName: names.get(association.locationId) ?? null,
    history: page.data,
    historyPage: { nextCursor: page.nextCursor, prevCursor: page.prevCursor },
  };
}
