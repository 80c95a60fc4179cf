// Query-string filters for the alerts list (page and GET /api/alerts).
import { z } from "zod";
import { alertRuleNames, alertStatuses } from "../domain/values";
import { cursorId, cursorParam, limitParam, oneDirection, oneDirectionMessage, optionalList } from "./common";

export const alertFiltersSchema = z
  .object({
    status: optionalList(alertStatuses),
    rule: optionalList(alertRuleNames),
    cursor: cursorParam(cursorId),
    before: cursorParam(cursorId),
    limit: limitParam(20, 200),
  })
  .refine(oneDirection, oneDirectionMessage);

export type AlertFilters = z.infer<typeof alertFiltersSchema>;
