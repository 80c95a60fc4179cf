// Keyset ("seek") conditions for a list sorted by one column plus a unique id.
// Stable under inserts: no row is repeated or skipped while walking pages.
// Nulls always sort last, in both directions and on both databases. Conditions are
// built by column name; lib/queries/list.ts gives them the model's types.
import type { SortSpec } from "../filters/list";

type Value = string | number | Date | null;
/** A row's place in a keyset order: its sort value and its id. */
export type Position = [Value, string | number];

/** ORDER BY for the sort plus the id tie-breaker; `reverse` reads it backwards (nulls first) for a previous page. */
export function orderByFor<K extends string>(sort: SortSpec<K>, nullable: boolean, idKey = "id", reverse = false) {
  const dir = sort.desc !== reverse ? "desc" : "asc";
  const primary = nullable ? { [sort.key]: { sort: dir, nulls: reverse ? "first" : "last" } } : { [sort.key]: dir };
  return sort.key === idKey ? [{ [idKey]: dir }] : [primary, { [idKey]: dir }];
}

/** Rows strictly after the cursor row (value, id) in the given order. */
export function afterCursor<K extends string>(sort: SortSpec<K>, cursor: Position, nullable: boolean, idKey = "id"): Record<string, unknown> {
  const [value, id] = cursor;
  const beyond = sort.desc ? "lt" : "gt";
  const idAfter = { [idKey]: { [beyond]: id } };
  if (sort.key === idKey) return idAfter;
  if (value === null) return { AND: [{ [sort.key]: null }, idAfter] };
  const after: Record<string, unknown>[] = [{ [sort.key]: { [beyond]: value } }, { AND: [{ [sort.key]: value }, idAfter] }];
  if (nullable) after.push({ [sort.key]: null });
  return { OR: after };
}

/** Rows strictly before the cursor row in the given order (for "previous page"). */
export function beforeCursor<K extends string>(sort: SortSpec<K>, cursor: Position, idKey = "id"): Record<string, unknown> {
  const [value, id] = cursor;
  const behind = sort.desc ? "gt" : "lt";
  const idBefore = { [idKey]: { [behind]: id } };
  if (sort.key === idKey) return idBefore;
  // Nulls sort last, so every non-null row comes before a null cursor row.
  if (value === null) return { OR: [{ [sort.key]: { not: null } }, { AND: [{ [sort.key]: null }, idBefore] }] };
  return { OR: [{ [sort.key]: { [behind]: value } }, { AND: [{ [sort.key]: value }, idBefore] }] };
}
