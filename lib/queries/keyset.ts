// Keyset ("seek") conditions for a list sorted by one column plus a unique id.
// Stable under inserts: no row is repeated or skipped while walking pages.
// Nulls always sort last, in both directions and on both databases.
type Value = string | number | Date | null;

export interface SortSpec<K extends string> {
  key: K;
  desc: boolean;
}

export function orderByFor<K extends string>(sort: SortSpec<K>, nullable: boolean, idKey = "id") {
  const dir = sort.desc ? "desc" : "asc";
  const primary = nullable ? { [sort.key]: { sort: dir, nulls: "last" } } : { [sort.key]: dir };
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
