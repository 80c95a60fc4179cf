// Query-string filters for the locations list: the API and the page parse with this
// schema. Silence depends on the clock, so the list is filtered, sorted and paged in
// memory (lib/queries/locations.ts); the cursor is the last row's sort value and id.
import { z } from "zod";
import { isOneOf, locationStates } from "../domain/values";
import { sortParam } from "./associations";
import { cursorParam, limitParam, oneDirection, oneDirectionMessage, optionalDate, optionalList, optionalText, rangeIsOrdered, rangeMessage } from "./common";
import { atRequestTime, rangeAlone, rangeAloneMessage, rangeParam } from "./range";

/** Sortable columns: last delivery, display name, deliveries in 24 h, install state, events. */
export const locationSortKeys = ["lastReceived", "name", "last24h", "state", "events"] as const;
export type LocationSortKey = (typeof locationSortKeys)[number];

const cursorValue = z.union([z.string().max(500), z.number().finite(), z.null()]);
const locationCursor = z.tuple([cursorValue, z.string().min(1).max(500)]);
export type LocationCursor = z.infer<typeof locationCursor>;

/** Whether a cursor's value can come from a row sorted by `key`: one from another sort (or forged) is refused. */
export function cursorFitsSort(key: LocationSortKey, value: string | number | null): boolean {
  if (key === "lastReceived") return value === null || typeof value === "number";
  if (key === "name") return value === null || typeof value === "string";
  if (key === "state") return typeof value === "string" && isOneOf(locationStates, value);
  return typeof value === "number";
}

/** `silent=1` lists only silent locations; blank or 0 lists all. */
const silentParam = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx) => {
    if (!v || v === "0" || v === "false") return false;
    if (v === "1" || v === "true") return true;
    ctx.addIssue({ code: "custom", message: "must be 1 (only silent locations) or 0" });
    return z.NEVER;
  });

export const locationFiltersSchema = z
  .object({
    q: optionalText(),
    state: optionalList(locationStates),
    silent: silentParam,
    /** Last delivery within a relative window (1h, 24h, 7d, 30d) ending now, or within from/to. */
    range: rangeParam,
    from: optionalDate("start"),
    to: optionalDate("end"),
    sort: sortParam(locationSortKeys, "-lastReceived"),
    cursor: cursorParam(locationCursor),
    before: cursorParam(locationCursor),
    limit: limitParam(100, 1000),
  })
  .refine(rangeIsOrdered, rangeMessage)
  .refine(rangeAlone, rangeAloneMessage)
  .refine(oneDirection, oneDirectionMessage)
  .superRefine((v, ctx) => {
    for (const name of ["cursor", "before"] as const) {
      const c = v[name];
      if (Array.isArray(c) && v.sort && !cursorFitsSort(v.sort.key, c[0])) ctx.addIssue({ code: "custom", path: [name], message: "is not a cursor for this sort" });
    }
  })
  // After the checks: a relative range becomes its from, as of now.
  .transform(atRequestTime);

export type LocationFilters = z.infer<typeof locationFiltersSchema>;
