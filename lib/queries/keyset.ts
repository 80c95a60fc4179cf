// Keyset ("seek") conditions for a list sorted by one column plus a unique id.
// Stable under inserts: no row is repeated or skipped while walking pages.
// Nulls always sort last, in both directions and on both databases.
import { encodeCursor } from "../filters/common";
import { keysetPage, type Page } from "./paging";

type Value = string | number | Date | null;

export interface SortSpec<K extends string> {
  key: K;
  desc: boolean;
}

/** ORDER BY for the sort plus the id tie-breaker; `reverse` reads it backwards (nulls first) for a previous page. */
export function orderByFor<K extends string>(sort: SortSpec<K>, nullable: boolean, idKey = "id", reverse = false) {
  const dir = sort.desc !== reverse ? "desc" : "asc";
  const primary = nullable ? { [sort.key]: { sort: dir, nulls: reverse ? "first" : "last" } } : { [sort.key]: dir };
  return sort.key === idKey ? [{ [idKey]: dir }] : [primary, { [idKey]: dir }];
}

/** Rows strictly after the cursor row (value, id) in the given order. */
export function afterCursor<K extends string>(
  sort: SortSpec<K>,
  cursor: [Value, string | number],
  nullable: boolean,
  idKey = "id",
): Record<string, unknown> {
  const [value, id] = cursor;
  const beyond = sort.desc ? "lt" : "gt";
  const idAfter = { [idKey]: { [beyond]: id } };
  if (sort.key === idKey) return idAfter;
  if (value === null) return { AND: [{ [sort.key]: null }, idAfter] };
  const after: Record<string, unknown>[] = [
    { [sort.key]: { [beyond]: value } },
    { AND: [{ [sort.key]: value }, idAfter] },
  ];
  if (nullable) after.push({ [sort.key]: null });
  return { OR: after };
}

/** Rows strictly before the cursor row in the given order (for "previous page"). */
export function beforeCursor<K extends string>(
  sort: SortSpec<K>,
  cursor: [Value, string | number],
  nullable: boolean,
  idKey = "id",
): Record<string, unknown> {
  const [value, id] = cursor;
  const behind = sort.desc ? "gt" : "lt";
  const idBefore = { [idKey]: { [behind]: id } };
  if (sort.key === idKey) return idBefore;
  // Nulls sort last, so every non-null row comes before a null cursor row.
  if (value === null) return { OR: [{ [sort.key]: { not: null } }, { AND: [{ [sort.key]: null }, idBefore] }] };
  return { OR: [{ [sort.key]: { [behind]: value } }, { AND: [{ [sort.key]: value }, idBefore] }] };
}

export interface SeekOptions<K extends string, T> {
  sort: SortSpec<K>;
  nullable: boolean;
  idKey?: string;
  /** Decoded cursors: after = next page from this row, before = previous page up to it. */
  after?: [Value, string | number];
  before?: [Value, string | number];
  limit: number;
  fetch: (where: Record<string, unknown>, orderBy: Record<string, unknown>[], take: number) => Promise<T[]>;
  cursorOf: (row: T) => unknown;
}

/**
 * One page in either direction. A previous page is fetched in reverse order and
 * flipped, so both directions cost one indexed seek, however deep the page.
 */
export async function seekPage<K extends string, T>(o: SeekOptions<K, T>): Promise<Page<T>> {
  const idKey = o.idKey ?? "id";
  if (o.before) {
    const rows = await o.fetch(beforeCursor(o.sort, o.before, o.nullable, idKey), orderByFor(o.sort, o.nullable, idKey, true), o.limit + 1);
    const data = rows.slice(0, o.limit).reverse();
    const first = data[0];
    const last = data.at(-1);
    return {
      data,
      prevCursor: rows.length > o.limit && first !== undefined ? encodeCursor(o.cursorOf(first)) : null,
      nextCursor: last !== undefined ? encodeCursor(o.cursorOf(last)) : null,
    };
  }
  const where = o.after ? afterCursor(o.sort, o.after, o.nullable, idKey) : {};
  const rows = await o.fetch(where, orderByFor(o.sort, o.nullable, idKey), o.limit + 1);
  const page = keysetPage(rows, o.limit, o.cursorOf);
  const first = page.data[0];
  return { ...page, prevCursor: o.after && first !== undefined ? encodeCursor(o.cursorOf(first)) : null };
}
