// Query-string filters for the events log (and its CSV export): newest first.
import type { z } from "zod";
import { eventKinds } from "../domain/events";
import { verifications } from "../domain/values";
import { bodySearchParam } from "./body-search";
import { optionalList, optionalText } from "./common";
import { newestFirstList, rangedListSchema } from "./list";

export const eventList = newestFirstList({ fallback: 50, max: 500 });

export const eventFiltersSchema = rangedListSchema(eventList, {
  /** One event type or several, comma-separated (any type name: stored types are open-ended). */
  type: optionalText(500).transform((v) =>
    v
      ?.split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  ),
  kind: optionalList(eventKinds),
  locationId: optionalText(),
  subjectId: optionalText(),
  associationId: optionalText(),
  verification: optionalList(verifications),
  /** Text in the stored body, or `path=value` for one JSON field (see body-search.ts). */
  q: bodySearchParam,
});

export type EventFilters = z.infer<typeof eventFiltersSchema>;
