// Query-string filters for the locations list: the API and the page parse with this
// schema. Silence depends on the clock, so the list is filtered, sorted and paged in
// memory (lib/queries/locations.ts); the cursor is the last row's sort value and id.
import { z } from "zod";
import { locationStates } from "../domain/values";
import { optionalList, optionalText } from "./common";
import { defineList, rangedListSchema, sortParam, type CursorValue, type SortKeyOf } from "./list";

/** Sortable columns: last delivery (epoch ms), display name, deliveries in 24 h, install state, events. */
export const locationList = defineList({
  sortKeys: {
    lastReceived: { type: "number", nullable: true },
    name: { type: "text", nullable: true },
    last24h: { type: "number" },
    state: { type: "text", values: locationStates },
    events: { type: "number" },
  },
  defaultSort: { key: "lastReceived", desc: true },
  idKey: "locationId",
  id: "text",
  limit: { fallback: 100, max: 1000 },
});
export type LocationSortKey = SortKeyOf<typeof locationList>;
/** A row's place in the list: its sort value and its locationId. */
export type LocationCursor = [CursorValue, string];

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

/** A time range asks for locations whose last delivery falls inside it. */
export const locationFiltersSchema = rangedListSchema(locationList, {
  q: optionalText(),
  state: optionalList(locationStates),
  silent: silentParam,
  sort: sortParam(locationList),
});

export type LocationFilters = z.infer<typeof locationFiltersSchema>;
