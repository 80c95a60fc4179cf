// Query-string filters for the events log (and its CSV export).
import { z } from "zod";
import { eventKinds } from "../domain/events";
import { verifications } from "../domain/values";
import { bodySearchParam } from "./body-search";
import { cursorId, cursorParam, limitParam, optionalDate, optionalList, optionalText, oneDirection, oneDirectionMessage, rangeIsOrdered, rangeMessage } from "./common";
import { atRequestTime, rangeAlone, rangeAloneMessage, rangeParam } from "./range";

export const eventFiltersSchema = z
  .object({
    /** One event type or several, comma-separated (any type name: stored types are open-ended). */
    type: optionalText(500).transform((v) => v?.split(",").map((s) => s.trim()).filter(Boolean)),
    kind: optionalList(eventKinds),
    locationId: optionalText(),
    subjectId: optionalText(),
    associationId: optionalText(),
    verification: optionalList(verifications),
    /** Text in the stored body, or `path=value` for one JSON field (see body-search.ts). */
    q: bodySearchParam,
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

export type EventFilters = z.infer<typeof eventFiltersSchema>;
