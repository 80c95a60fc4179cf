// Query-string filters for the rejected-requests log.
import { z } from "zod";
import { rejectionCauses } from "../domain/values";
import { cursorId, cursorParam, limitParam, optionalDate, optionalList, oneDirection, oneDirectionMessage, rangeIsOrdered, rangeMessage } from "./common";
import { atRequestTime, rangeAlone, rangeAloneMessage, rangeParam } from "./range";

export const rejectedFiltersSchema = z
  .object({
    cause: optionalList(rejectionCauses),
    /** A relative window (1h, 24h, 7d, 30d) ending now; or from/to. */
    range: rangeParam,
    from: optionalDate("start"),
    to: optionalDate("end"),
    cursor: cursorParam(cursorId),
    before: cursorParam(cursorId),
    limit: limitParam(),
  })
  .refine(rangeIsOrdered, rangeMessage)
  .refine(rangeAlone, rangeAloneMessage)
  .refine(oneDirection, oneDirectionMessage)
  // After the checks: a relative range becomes its from, as of now.
  .transform(atRequestTime);

export type RejectedFilters = z.infer<typeof rejectedFiltersSchema>;
