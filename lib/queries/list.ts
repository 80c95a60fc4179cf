// The one list reader. A list is a ListQuery: its spec (lib/filters/list.ts), the
// conditions its filters make, and how to read rows. On top of that, once for every
// list: a page in either direction (the API and the pages) and every row in batches
// (the CSV exports), both by keyset on (sort value, id), so a page costs one indexed
// seek however deep it is, and no row is repeated or skipped while rows arrive.
import { encodeCursor, fieldOf } from "../filters/common";
import { isIdOrdered, sortOf, type CursorValue, type ListSpec, type SortSpec } from "../filters/list";
import { afterCursor, beforeCursor, orderByFor, type Position } from "./keyset";

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
  prevCursor: string | null;
}

/** What a list's parsed query string carries besides its filters (lib/filters/list.ts adds them). */
export interface Paging {
  cursor?: unknown;
  before?: unknown;
  limit: number;
}

/** One read of rows. `where` is the filters' conditions plus the keyset seek, in `orderBy`. */
interface Read<F, W, O, S> {
  filters: F;
  /** What the filters resolved to before reading (see ListQuery.resolve). */
  resolved: S;
  where: W;
  /** The filters' conditions alone (a body search applies its own seek). */
  filterWhere: W;
  orderBy: O[];
  take: number;
  /** Whether rows are read by descending id, and the id they start after (for a read by id alone). */
  descending: boolean;
  afterId?: string | number;
}

/**
 * A list: F its filters (without paging), Row what a read returns, W and O the
 * model's where and orderBy input types, Out a row as a page shows it, S what the
 * filters resolve to before any read (the location filter's text, to location ids).
 */
export interface ListQuery<F, Row extends object, W, O, Out, S = undefined> {
  spec: ListSpec;
  resolve: (filters: F) => Promise<S>;
  /** The filters' conditions. */
  where: (filters: F, resolved: S) => W;
  read: (read: Read<F, W, O, S>) => Promise<Row[]>;
  /** What a page adds to its rows (location names, timelines…); exports add their own. */
  present: (rows: Row[]) => Promise<Out[]>;
}

/** The `resolve` of a list whose filters need nothing looked up first. */
export const unscoped = async (): Promise<undefined> => undefined;

/** A row's stored value in a sort column (null for anything a keyset cannot compare). */
function rowValue(row: object, key: string): Position[0] {
  const v = fieldOf(row, key);
  return v instanceof Date || typeof v === "string" || typeof v === "number" ? v : null;
}

/** A row's value in a column, as a cursor holds it (dates as ISO text). */
function cursorValue(row: object, key: string): CursorValue {
  const v = rowValue(row, key);
  return v instanceof Date ? v.toISOString() : v;
}

function idOf(row: object, spec: ListSpec): string | number {
  const v = fieldOf(row, spec.idKey);
  if (typeof v === "string" || typeof v === "number") return v;
  throw new Error(`list row without its ${spec.idKey}`);
}

/** The cursor of a row: its id alone for a list ordered by id, else its sort value and id. */
function cursorOf(spec: ListSpec, sort: SortSpec<string>, row: object): unknown {
  return isIdOrdered(spec) ? idOf(row, spec) : [cursorValue(row, sort.key), idOf(row, spec)];
}

/** A cursor (validated by the list's schema) as a keyset position, dates as Date for the query. */
function positionOf(spec: ListSpec, sort: SortSpec<string>, cursor: unknown): Position | undefined {
  if (cursor === undefined) return undefined;
  if (!Array.isArray(cursor)) return typeof cursor === "number" || typeof cursor === "string" ? [null, cursor] : undefined;
  const [value, id]: unknown[] = cursor;
  if (typeof id !== "string" && typeof id !== "number") return undefined;
  const date = Object.hasOwn(spec.sortKeys, sort.key) && spec.sortKeys[sort.key]?.type === "date";
  if (typeof value === "string") return [date ? new Date(value) : value, id];
  return [typeof value === "number" ? value : null, id];
}

/** Where the next batch starts: after this row, compared by its stored (not its cursor) values. */
function rowPosition(spec: ListSpec, sort: SortSpec<string>, row: object): Position {
  return [isIdOrdered(spec) ? null : rowValue(row, sort.key), idOf(row, spec)];
}

/**
 * The keyset query in the types of the list's model. The seek and order are built by
 * column name (keyset.ts), which Prisma's per-model input types cannot follow: this
 * is the one cast of the list code, and the spec's closed sort keys are what make it true.
 */
function keysetQuery<W, O>(filterWhere: W, seek: object, orderBy: object[]): { where: W; orderBy: O[] } {
  return { where: { AND: [filterWhere, seek] }, orderBy } as unknown as { where: W; orderBy: O[] };
}

interface Window {
  after?: Position;
  before?: Position;
  limit: number;
}

/** Rows of one page in display order, and whether rows exist beyond it either way. */
async function readWindow<F extends object, Row extends object, W, O, Out, S>(list: ListQuery<F, Row, W, O, Out, S>, filters: F, resolved: S, w: Window) {
  const filterWhere = list.where(filters, resolved);
  const { spec } = list;
  const sort = sortOf(spec, filters);
  const column = spec.sortKeys[sort.key];
  const nullable = column?.nullable === true;
  const reverse = w.before !== undefined;
  const from = w.before ?? w.after;
  const seek = w.before ? beforeCursor(sort, w.before, spec.idKey) : w.after ? afterCursor(sort, w.after, nullable, spec.idKey) : {};
  const q = keysetQuery<W, O>(filterWhere, seek, orderByFor(sort, nullable, spec.idKey, reverse));
  const rows = await list.read({ filters, resolved, ...q, filterWhere, take: w.limit + 1, descending: sort.desc !== reverse, afterId: from?.[1] });
  const more = rows.length > w.limit;
  const data = rows.slice(0, w.limit);
  if (reverse) data.reverse();
  return { data, sort, hasNext: reverse ? true : more, hasPrev: reverse ? more : w.after !== undefined };
}

/** One page in either direction: `cursor` reads on from a row, `before` reads back to one. */
export async function listPage<F extends object, Row extends object, W, O, Out, S>(
  list: ListQuery<F, Row, W, O, Out, S>,
  filters: NoInfer<F> & Paging,
): Promise<Page<Out>> {
  const sort = sortOf(list.spec, filters);
  const page = await readWindow(list, filters, await list.resolve(filters), {
    after: positionOf(list.spec, sort, filters.cursor),
    before: positionOf(list.spec, sort, filters.before),
    limit: filters.limit,
  });
  const first = page.data[0];
  const last = page.data.at(-1);
  const encode = (row: Row | undefined, wanted: boolean) => (wanted && row !== undefined ? encodeCursor(cursorOf(list.spec, sort, row)) : null);
  return { data: await list.present(page.data), nextCursor: encode(last, page.hasNext), prevCursor: encode(first, page.hasPrev) };
}

/** Every row of the filtered list in its order, one batch per query: the CSV exports' reader. */
export async function* exportBatches<F extends object, Row extends object, W, O, Out, S>(
  list: ListQuery<F, Row, W, O, Out, S>,
  filters: NoInfer<F>,
  batchSize: number,
  /** What the filters resolved to, when the caller has it already (it reads more beside the batches). */
  scope: Promise<NoInfer<S>> = list.resolve(filters),
): AsyncGenerator<Row[]> {
  const resolved = await scope;
  let after: Position | undefined;
  for (;;) {
    const batch = await readWindow(list, filters, resolved, { after, limit: batchSize });
    const last = batch.data.at(-1);
    if (last === undefined) return;
    yield batch.data;
    if (!batch.hasNext) return;
    after = rowPosition(list.spec, batch.sort, last);
  }
}
