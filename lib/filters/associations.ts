// Query-string filters for the associations list: the API, the page and the CSV
// export all parse with this schema.
import { z } from "zod";
import { associationStatuses, associationTypes } from "../domain/values";
import { cursorDate, cursorId, cursorParam, limitParam, oneDirection, oneDirectionMessage, optionalDate, optionalList, optionalText, rangeIsOrdered, rangeMessage } from "./common";
import { atRequestTime, rangeAlone, rangeAloneMessage, rangeParam } from "./range";


/** Sortable columns. Closed list: a sort key is never pasted into SQL. */
export const associationSortKeys = [
  "lastEventAt",
  "firstSeenAt",
  "key",
  "associationType",
  "firstObjectKey",
  "firstObjectLabel",
  "secondObjectKey",
  "secondObjectLabel",
  "firstObjectToSecondObjectCardinality",
  "secondObjectToFirstObjectCardinality",
  "locationId",
  "status",
  "eventCount",
  "deletedAt",
  "id",
] as const;
export type AssociationSortKey = (typeof associationSortKeys)[number];

/** Sort keys whose column may be null (nulls sort last) and those holding dates. */
export const nullableAssociationSortKeys = new Set<AssociationSortKey>([
  "firstObjectToSecondObjectCardinality",
  "secondObjectToFirstObjectCardinality",
  "deletedAt",
]);
export const dateAssociationSortKeys = new Set<AssociationSortKey>(["lastEventAt", "firstSeenAt", "deletedAt"]);

/** Whether a cursor value fits the sort column: one from another sort (or a forged one) must not reach SQL. */
export function cursorFitsSort(key: AssociationSortKey, value: string | number | null): boolean {
  if (value === null) return nullableAssociationSortKeys.has(key);
  if (key === "eventCount") return cursorId.safeParse(value).success;
  if (typeof value !== "string") return false;
  return !dateAssociationSortKeys.has(key) || cursorDate.safeParse(value).success;
}

/** `sort=key` ascending, `sort=-key` descending. */
export const sortParam = <K extends string>(keys: readonly [K, ...K[]], fallback: `${"" | "-"}${NoInfer<K>}`) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      const text = v || fallback;
      const desc = text.startsWith("-");
      const key = desc ? text.slice(1) : text;
      if (!(keys as readonly string[]).includes(key)) {
        ctx.addIssue({ code: "custom", message: `must be one of ${keys.join(", ")}, optionally prefixed with - for descending` });
        return z.NEVER;
      }
      return { key: key as K, desc };
    });

const associationCursor = z.tuple([z.union([z.string(), z.number(), z.null()]), z.string()]);

export const associationFiltersSchema = z
  .object({
    locationId: optionalText(),
    associationType: optionalList(associationTypes),
    status: optionalList(associationStatuses),
    objectKey: optionalText(),
    q: optionalText(),
    /** A relative window (1h, 24h, 7d, 30d) ending now; or from/to. */
    range: rangeParam,
    from: optionalDate("start"),
    to: optionalDate("end"),
    sort: sortParam(associationSortKeys, "-lastEventAt"),
    cursor: cursorParam(associationCursor),
    before: cursorParam(associationCursor),
    limit: limitParam(),
  })
  .refine(rangeIsOrdered, rangeMessage)
  .refine(rangeAlone, rangeAloneMessage)
  .refine(oneDirection, oneDirectionMessage)
  // After the checks: a relative range becomes its from, as of now.
  .transform(atRequestTime);

export type AssociationFilters = z.infer<typeof associationFiltersSchema>;

/**
 * The association detail's history: newest first by event id, paged like the events
 * log. At most 100 per page: each entry's body is read to compute its diff.
 */
export const associationHistorySchema = z
  .object({
    cursor: cursorParam(cursorId),
    before: cursorParam(cursorId),
    limit: limitParam(50, 100),
  })
  .refine(oneDirection, oneDirectionMessage);

export type AssociationHistoryParams = z.infer<typeof associationHistorySchema>;
