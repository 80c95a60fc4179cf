// What every paged list has in common, declared once per list (a ListSpec): the
// columns it can sort by and what they hold, its default order, its row id, and its
// page size. From a spec come the list's query-string parameters (sort, cursor,
// before, limit), the cursor's validation against the sort, and the client table's
// typed sort keys. Pure and free of the database: the API, the pages, the CSV export
// and the browser all read it.
import { z } from "zod";
import { isOneOf } from "../domain/values";
import { cursorDate, cursorId, cursorParam, fieldOf, limitParam, oneDirection, oneDirectionMessage, optionalDate, rangeMessage } from "./common";
import { atRequestTime, rangeAlone, rangeAloneMessage, rangeOrdered, rangeParam } from "./range";

/** What a sortable column holds: how its cursor value is written and whether it can be null (nulls sort last). */
interface SortColumn {
  type: "date" | "number" | "text";
  nullable?: boolean;
  /** A text column with a closed set of values (a cursor naming another value is forged). */
  values?: readonly string[];
}

export interface ListSpec<K extends string = string, I extends "int" | "text" = "int" | "text"> {
  /** Sortable columns by key. Closed: a sort key is never pasted into SQL. */
  sortKeys: { readonly [P in K]: SortColumn };
  /** The order without `sort`; a list with one sort key has no `sort` parameter at all. */
  defaultSort: { key: NoInfer<K>; desc: boolean };
  /** The unique column that breaks ties and ends every cursor, and what it holds. */
  idKey: string;
  id: I;
  limit: { fallback: number; max: number };
}

export type SortKeyOf<S> = S extends ListSpec<infer K> ? K : never;
export type SortSpec<K extends string> = { key: K; desc: boolean };
export type CursorValue = string | number | null;
export function defineList<const K extends string, const I extends "int" | "text">(spec: ListSpec<K, I>): ListSpec<K, I> {
  return spec;
}

/** A log read newest first: ordered by its growing integer id alone. */
export function newestFirstList(limit: ListSpec["limit"]) {
  return defineList({ sortKeys: { id: { type: "number" } }, defaultSort: { key: "id", desc: true }, idKey: "id", id: "int", limit });
}

export function sortKeysOf<K extends string>(spec: ListSpec<K>): K[] {
  return Object.keys(spec.sortKeys).filter((k): k is K => Object.hasOwn(spec.sortKeys, k));
}

/** Whether the list's only order is its id, so cursors are a bare id. */
export function isIdOrdered(spec: ListSpec): boolean {
  const keys = Object.keys(spec.sortKeys);
  return keys.length === 1 && keys[0] === spec.idKey;
}

/** `sort=key` ascending, `sort=-key` descending. */
export function sortParam<K extends string>(spec: ListSpec<K>) {
  const keys = sortKeysOf(spec);
  const fallback = spec.defaultSort;
  return z
    .string()
    .trim()
    .optional()
    .transform((v, ctx): SortSpec<K> => {
      if (!v) return fallback;
      const desc = v.startsWith("-");
      const key = keys.find((k) => k === (desc ? v.slice(1) : v));
      if (key === undefined) {
        ctx.addIssue({ code: "custom", message: `must be one of ${keys.join(", ")}, optionally prefixed with - for descending` });
        return z.NEVER;
      }
      return { key, desc };
    });
}

function columnValue(column: SortColumn): z.ZodType<CursorValue> {
  const { values } = column;
  const value =
    column.type === "date" ? cursorDate : column.type === "number" ? z.number().finite() : values ? z.string().refine((v) => values.includes(v)) : z.string();
  return column.nullable ? value.nullable() : value;
}

/** A cursor as the query string gives it, before it is checked against the sort. */
export type Cursor = [CursorValue, string | number] | string | number;

function cursorShape(spec: ListSpec): z.ZodType<Cursor> {
  const id = spec.id === "int" ? cursorId : z.string();
  if (isIdOrdered(spec)) return id;
  const keys = Object.values(spec.sortKeys);
  // One order: its value is checked here. Several: any value now, checked against the sort below.
  const only = keys.length === 1 ? keys[0] : undefined;
  return z.tuple([only ? columnValue(only) : z.union([z.string(), z.number(), z.null()]), id]);
}

/** Whether a cursor's value can come from a row sorted by `key`: one from another sort (or a forged one) must not reach SQL. */
function cursorFitsSort(spec: ListSpec, key: string, cursor: unknown): boolean {
  const column = Object.hasOwn(spec.sortKeys, key) ? spec.sortKeys[key] : undefined;
  if (!column || isIdOrdered(spec) || !Array.isArray(cursor)) return true;
  return columnValue(column).safeParse(cursor[0]).success;
}

/** The paging parameters of a list: sort (when it has a choice), cursor, before and limit. */
function pagingShape(spec: ListSpec) {
  const cursor = cursorShape(spec);
  return {
    cursor: cursorParam(cursor),
    before: cursorParam(cursor),
    limit: limitParam(spec.limit.fallback, spec.limit.max),
  };
}

/** The order parsed parameters ask for (`sort`, on lists that offer a choice), else the list's own. */
export function sortOf(spec: ListSpec, params: object): SortSpec<string> {
  const sort = fieldOf(params, "sort");
  if (typeof sort !== "object" || sort === null || !("key" in sort) || !("desc" in sort)) return spec.defaultSort;
  const { key, desc } = sort;
  return typeof key === "string" && Object.hasOwn(spec.sortKeys, key) && typeof desc === "boolean" ? { key, desc } : spec.defaultSort;
}

function checkPaging(spec: ListSpec) {
  return (v: object, ctx: z.RefinementCtx) => {
    const { key } = sortOf(spec, v);
    for (const name of ["cursor", "before"] as const) {
      const cursor = fieldOf(v, name);
      if (cursor !== undefined && !cursorFitsSort(spec, key, cursor)) {
        ctx.addIssue({ code: "custom", path: [name], message: "is not a cursor this server issued for this sort" });
      }
    }
  };
}

/**
 * The query-string schema of a list: its filters plus its paging parameters (a list
 * with a choice of order lists `sort: sortParam(spec)` among its filters). The
 * paging is checked here, cursor against sort included, so every bad parameter is a
 * 400 naming it and the query layer only ever sees valid ones.
 */
export function listSchema<S extends z.ZodRawShape, K extends string, I extends "int" | "text">(spec: ListSpec<K, I>, filters: S) {
  return z
    .object({ ...filters, ...pagingShape(spec) })
    .refine((v: object) => oneDirection({ cursor: fieldOf(v, "cursor"), before: fieldOf(v, "before") }), oneDirectionMessage)
    .superRefine(checkPaging(spec));
}

/** The time-range parameters a list may add: a relative `range` or `from`/`to`. */
const rangeShape = { range: rangeParam, from: optionalDate("start"), to: optionalDate("end") };

/** A list filtered by time: its range checks, then `range` resolved into `from` as of the request. */
export function rangedListSchema<S extends z.ZodRawShape, K extends string, I extends "int" | "text">(spec: ListSpec<K, I>, filters: S) {
  return listSchema(spec, { ...filters, ...rangeShape })
    .refine(rangeOrdered, rangeMessage)
    .refine(rangeAlone, rangeAloneMessage)
    .transform(atRequestTime);
}

/** Parameters that pick a page rather than the rows: an export drops them, it is always the whole filtered set. */
export const pageParams = ["cursor", "before", "limit"] as const;

/** Whether any filter narrows the list (decides "no rows yet" versus "no rows match"); the order does not. */
export function isFiltered(filters: object): boolean {
  return Object.entries(filters).some(([k, v]) => k !== "sort" && !isOneOf(pageParams, k) && v !== undefined && v !== false);
}
