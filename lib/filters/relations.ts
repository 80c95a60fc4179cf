// Query-string filters for the relations list.
import { z } from "zod";
import { associationStatuses } from "../domain/values";
import { cursorDate, cursorParam, limitParam, oneDirection, oneDirectionMessage, optionalList, optionalText } from "./common";

export const relationFiltersSchema = z.object({
  associationId: optionalText(),
  locationId: optionalText(),
  /** Matches either side of the relation. */
  recordId: optionalText(),
  status: optionalList(associationStatuses),
  cursor: cursorParam(z.tuple([cursorDate, z.string()])),
  before: cursorParam(z.tuple([cursorDate, z.string()])),
  limit: limitParam(),
}).refine(oneDirection, oneDirectionMessage);

export type RelationFilters = z.infer<typeof relationFiltersSchema>;
