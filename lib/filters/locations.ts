// Query-string paging for the locations overview (most recently active first).
import { z } from "zod";
import { cursorDate, cursorParam, limitParam, oneDirection, oneDirectionMessage } from "./common";

export const locationFiltersSchema = z.object({
  cursor: cursorParam(z.tuple([cursorDate, z.string()])),
  before: cursorParam(z.tuple([cursorDate, z.string()])),
  limit: limitParam(100, 1000),
}).refine(oneDirection, oneDirectionMessage);

export type LocationFilters = z.infer<typeof locationFiltersSchema>;
