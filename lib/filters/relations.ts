// Query-string filters for the relations list (and its CSV export): newest event first.
import type { z } from "zod";
import { associationStatuses } from "../domain/values";
import { optionalList, optionalText } from "./common";
import { defineList, listSchema } from "./list";

export const relationList = defineList({
  sortKeys: { lastEventAt: { type: "date" } },
  defaultSort: { key: "lastEventAt", desc: true },
  idKey: "id",
  id: "text",
  limit: { fallback: 50, max: 500 },
});

export const relationFiltersSchema = listSchema(relationList, {
  associationId: optionalText(),
  locationId: optionalText(),
  /** Matches either side of the relation. */
  recordId: optionalText(),
  status: optionalList(associationStatuses),
});

export type RelationFilters = z.infer<typeof relationFiltersSchema>;
