// The locations list: every location's totals, install state and activity, with its
// display name. Silence depends on the clock, so no index can filter or sort by it:
// the whole set is read (listLocationActivity: a few aggregate queries) and filtered,
// sorted and paged in memory. Agencies have dozens to a few hundred locations; this
// stays fast to about 5,000. Paging is still keyset (the cursor is the last row's
// sort value and id), so a row that moves while someone pages is neither shown twice
// in a row nor skipped because of an offset.
import { encodeCursor } from "../filters/common";
import type { LocationState } from "../domain/values";
import type { Cursor } from "../filters/list";
import type { LocationCursor, LocationFilters, LocationSortKey } from "../filters/locations";
import { listLocationActivity, type LocationActivity } from "./location-activity";
import { displayName, getLocationProfiles } from "./location-profiles";
import type { Page } from "./list";

export type LocationRow = LocationActivity & {
  /** Display name: the operator's, else HighLevel's; null when neither is known. */
  name: string | null;
  /** The two sources apart, so the list can offer renaming (and say what clearing falls back to). */
  operatorName: string | null;
  apiName: string | null;
};

export type LocationPage = Page<LocationRow> & { total: number };

const stateOf = (r: Pick<LocationRow, "installState">): LocationState => r.installState ?? "unknown";

function sortValue(r: LocationRow, key: LocationSortKey): string | number | null {
  switch (key) {
    case "lastReceived":
      return r.lastReceivedAt ? r.lastReceivedAt.getTime() : null;
    case "name":
      return r.name;
    case "last24h":
      return r.last24h;
    case "state":
      return stateOf(r);
    case "events":
      return r.events;
  }
}

const compareValues = (a: string | number, b: string | number): number =>
  typeof a === "number" && typeof b === "number" ? a - b : String(a).localeCompare(String(b), "en", { sensitivity: "base" });

type Position = Extract<Cursor, unknown[]>;

/** The list's total order: the sort value (nulls last either way), then the id. */
function compareKeys(a: LocationCursor, b: Position, desc: boolean): number {
  const [av, aid] = a;
  const [bv, bid] = b;
  if (av === null || bv === null) {
    if (av !== bv) return av === null ? 1 : -1;
  } else {
    const c = compareValues(av, bv);
    if (c !== 0) return desc ? -c : c;
  }
  return aid < bid ? -1 : aid > bid ? 1 : 0;
}

function matches(r: LocationRow, f: LocationFilters): boolean {
  if (f.silent && !r.silent) return false;
  if (f.state && !f.state.includes(stateOf(r))) return false;
  // A time range asks for locations whose last delivery falls inside it.
  if ((f.from || f.to) && (!r.lastReceivedAt || (f.from && r.lastReceivedAt < f.from) || (f.to && r.lastReceivedAt > f.to))) return false;
  if (f.q) {
    const q = f.q.toLowerCase();
    if (!r.locationId.toLowerCase().includes(q) && !(r.name ?? "").toLowerCase().includes(q)) return false;
  }
  return true;
}

/** One page of locations, filtered and sorted as asked, with the number matching. */
export async function listLocations(f: LocationFilters, now = new Date()): Promise<LocationPage> {
  const activity = await listLocationActivity(now);
  const profiles = await getLocationProfiles(activity.map((a) => a.locationId));
  const { key, desc } = f.sort;
  const keyOf = (r: LocationRow): LocationCursor => [sortValue(r, key), r.locationId];
  const rows = activity
    .map((a): LocationRow => {
      const p = profiles.get(a.locationId);
      return { ...a, name: displayName(p), operatorName: p?.name ?? null, apiName: p?.apiName ?? null };
    })
    .filter((r) => matches(r, f))
    .sort((a, b) => compareKeys(keyOf(a), keyOf(b), desc));

  // The schema checked both against the sort; a location cursor is always a pair.
  const after = Array.isArray(f.cursor) ? f.cursor : undefined;
  const before = Array.isArray(f.before) ? f.before : undefined;
  let start = 0;
  let end = rows.length;
  if (after) {
    start = rows.findIndex((r) => compareKeys(keyOf(r), after, desc) > 0);
    if (start === -1) start = rows.length;
    end = Math.min(rows.length, start + f.limit);
  } else if (before) {
    const stop = rows.findIndex((r) => compareKeys(keyOf(r), before, desc) >= 0);
    end = stop === -1 ? rows.length : stop;
    start = Math.max(0, end - f.limit);
  } else {
    end = Math.min(rows.length, f.limit);
  }
  const data = rows.slice(start, end);
  const first = data[0];
  const last = data.at(-1);
  return {
    data,
    total: rows.length,
    prevCursor: start > 0 && first ? encodeCursor(keyOf(first)) : null,
    nextCursor: end < rows.length && last ? encodeCursor(keyOf(last)) : null,
  };
}
