// Query-string filters for the associations list: the API, the page and the CSV
// export all parse with this schema.
import type { z } from "zod";
import { associationStatuses, associationTypes } from "../domain/values";
import { optionalList, optionalText } from "./common";
import { defineList, listSchema, newestFirstList, rangedListSchema, sortParam, type SortKeyOf } from "./list";
const text = { type: "text" } as const;
const optionalTextColumn = { type: "text", nullable: true } as const;

/** The associations list: sortable by any column it shows, newest last event first. */
export const associationList = defineList({
  sortKeys: {
    lastEventAt: { type: "date" },
    firstSeenAt: { type: "date" },
    key: text,
    associationType: text,
    firstObjectKey: text,
    firstObjectLabel: text,
    secondObjectKey: text,
    secondObjectLabel: text,
    firstObjectToSecondObjectCardinality: optionalTextColumn,
    secondObjectToFirstObjectCardinality: optionalTextColumn,
    locationId: text,
    status: { type: "text", values: associationStatuses },
    eventCount: { type: "number" },
    deletedAt: { type: "date", nullable: true },
    id: text,
  },
  defaultSort: { key: "lastEventAt", desc: true },
  idKey: "id",
  id: "text",
  limit: { fallback: 50, max: 500 },
});
export type AssociationSortKey = SortKeyOf<typeof associationList>;

export const associationFiltersSchema = rangedListSchema(associationList, {
  locationId: optionalText(),
  associationType: optionalList(associationTypes),
  status: optionalList(associationStatuses),
  objectKey: optionalText(),
  q: optionalText(),
  sort: sortParam(associationList),
});

export type AssociationFilters = z.infer<typeof associationFiltersSchema>;

/**
 * The association detail's history: newest first by event id, paged like the events
 * log. At most 100 per page: each entry's body is read to compute its diff.
 */
export const associationHistoryList = newestFirstList({ fallback: 50, max: 100 });
export const associationHistorySchema = listSchema(associationHistoryList, {});

export type AssociationHistoryParams = z.infer<typeof associationHistorySchema>;
