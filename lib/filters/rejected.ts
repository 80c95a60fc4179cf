// Query-string filters for the rejected-requests log.
import { z } from "zod";
import { cursorId, cursorParam, limitParam, optionalDate, optionalList, oneDirection, oneDirectionMessage, rangeIsOrdered, rangeMessage } from "./common";
import { atRequestTime, rangeAlone, rangeAloneMessage, rangeParam } from "./range";

export const rejectionCauses = [
  "invalid_json",
  "not_object",
  "invalid_payload",
  "type_mismatch",
  "duplicate_keys",
  "unknown_event_path",
  "foreign_app",
  "unknown_location",
  "missing_signature",
  "bad_signature",
  "body_too_large",
] as const;
export type RejectionCause = (typeof rejectionCauses)[number];

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
