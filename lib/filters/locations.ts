// Query-string paging for the locations overview (most recently active first).
import { z } from "zod";
import { cursorParam, limitParam } from "./common";

export const locationFiltersSchema = z.object({
  cursor: cursorParam(z.tuple([z.string(), z.string()])),
  limit: limitParam(100, 1000),
});

export type LocationFilters = z.infer<typeof locationFiltersSchema>;
