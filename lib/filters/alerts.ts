// Query-string filters for the alerts list (page and GET /api/alerts): newest first.
import type { z } from "zod";
import { alertRuleNames, alertStatuses } from "../domain/values";
import { optionalList } from "./common";
import { listSchema, newestFirstList } from "./list";

export const alertList = newestFirstList({ fallback: 20, max: 200 });

export const alertFiltersSchema = listSchema(alertList, {
  status: optionalList(alertStatuses),
  rule: optionalList(alertRuleNames),
});

export type AlertFilters = z.infer<typeof alertFiltersSchema>;
