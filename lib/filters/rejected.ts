// Query-string filters for the rejected-requests log: newest first.
import type { z } from "zod";
import { rejectionCauses } from "../domain/values";
import { optionalList } from "./common";
import { newestFirstList, rangedListSchema } from "./list";

export const rejectedList = newestFirstList({ fallback: 50, max: 500 });

export const rejectedFiltersSchema = rangedListSchema(rejectedList, {
  cause: optionalList(rejectionCauses),
});

export type RejectedFilters = z.infer<typeof rejectedFiltersSchema>;
