// Location names: what an operator typed, or what HighLevel's API said. Stored in
// LocationProfile (not derived from the log: a reprojection keeps it). The display
// name is the operator's when set, else the API's, else none.
import { db, withWriteLock, writeDb } from "../db";
import { containsText } from "./text-match";

export { LOCATION_NAME_MAX } from "../filters/location-name";

/** How many named locations one filter text may stand for (see resolveLocationFilter). */
const LOCATION_FILTER_MAX_MATCHES = 50;

/** A row as the lists and APIs give it: the stored fields plus the location's display name (null when unnamed). */
export type Named<T> = T & { locationName: string | null };

export interface LocationProfileRow {
  locationId: string;
  name: string | null;
  apiName: string | null;
  apiNameAt: Date | null;
}

/** The name shown for a location: the operator's wins over HighLevel's. */
export function displayName(p: Pick<LocationProfileRow, "name" | "apiName"> | null | undefined): string | null {
  return p?.name ?? p?.apiName ?? null;
}

export async function getLocationProfile(locationId: string): Promise<LocationProfileRow | null> {
  const prisma = await db();
  return prisma.locationProfile.findUnique({
    where: { locationId },
    select: { locationId: true, name: true, apiName: true, apiNameAt: true },
  });
}

/** Display names of the given locations (one query for a page of rows); unnamed ones are absent. */
export async function getLocationNames(locationIds: Iterable<string | null | undefined>): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const [id, profile] of await getLocationProfiles(locationIds)) {
    const name = displayName(profile);
    if (name) names.set(id, name);
  }
  return names;
}

/**
 * The operator's and HighLevel's names of the given locations, for a table that
 * offers renaming (LocationNameEditor needs both); ids without a profile are absent.
 */
export async function getLocationProfiles(
  locationIds: Iterable<string | null | undefined>,
): Promise<Map<string, Pick<LocationProfileRow, "name" | "apiName">>> {
  const ids = [...new Set([...locationIds].filter((id): id is string => typeof id === "string" && id !== ""))];
  const profiles = new Map<string, Pick<LocationProfileRow, "name" | "apiName">>();
  if (ids.length === 0) return profiles;
  const prisma = await db();
  // Chunked: SQLite's driver allows at most 999 bound parameters.
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await prisma.locationProfile.findMany({
      where: { locationId: { in: ids.slice(i, i + 500) } },
      select: { locationId: true, name: true, apiName: true },
    });
    for (const r of rows) profiles.set(r.locationId, { name: r.name, apiName: r.apiName });
  }
  return profiles;
}

/** Sets (or with null clears) the operator's name for a location. */
export async function setLocationName(locationId: string, name: string | null): Promise<LocationProfileRow> {
  const prisma = await writeDb();
  const now = new Date();
  return withWriteLock(() =>
    prisma.locationProfile.upsert({
      where: { locationId },
      create: { locationId, name, updatedAt: now },
      update: { name, updatedAt: now },
      select: { locationId: true, name: true, apiName: true, apiNameAt: true },
    }),
  );
}

/** Records the name HighLevel's API gave (an operator's name still wins for display). */
export async function setApiLocationName(locationId: string, apiName: string, at = new Date()): Promise<void> {
  const prisma = await writeDb();
  await withWriteLock(() =>
    prisma.locationProfile.upsert({
      where: { locationId },
      create: { locationId, apiName, apiNameAt: at, updatedAt: at },
      update: { apiName, apiNameAt: at, updatedAt: at },
    }),
  );
}

/**
 * What a location filter's text stands for: the id itself, plus every location whose
 * name (operator's or API's) contains it. Bounded, so a one-letter filter cannot turn
 * into a thousand-term IN list.
 */
export async function resolveLocationFilter(text: string, limit = LOCATION_FILTER_MAX_MATCHES): Promise<string[]> {
  const prisma = await db();
  const match = containsText(text);
  const rows = await prisma.locationProfile.findMany({
    where: { OR: [{ name: match }, { AND: [{ name: null }, { apiName: match }] }] },
    select: { locationId: true },
    orderBy: { locationId: "asc" },
    take: limit,
  });
  return [...new Set([text, ...rows.map((r) => r.locationId)])];
}

/** Locations and their display names for the filter controls' suggestions. */
export async function listNamedLocations(limit = 500): Promise<{ locationId: string; name: string }[]> {
  const prisma = await db();
  const rows = await prisma.locationProfile.findMany({
    where: { OR: [{ name: { not: null } }, { apiName: { not: null } }] },
    select: { locationId: true, name: true, apiName: true },
    orderBy: { locationId: "asc" },
    take: limit,
  });
  return rows.flatMap((r) => {
    const name = displayName(r);
    return name ? [{ locationId: r.locationId, name }] : [];
  });
}

/** What a list's location filter resolved to: the ids it stands for, or undefined without one. */
export type LocationIds = readonly string[] | undefined;

/**
 * The ids a list's `locationId` filter text stands for, or undefined without one.
 * Resolved before the where clause is built (the where-builders are synchronous and
 * shared with counts and exports), so every list, count and export of one URL agrees.
 */
export async function locationFilterIds(text: string | undefined): Promise<LocationIds> {
  return text ? resolveLocationFilter(text) : undefined;
}

/** The where condition on a locationId column for resolved filter ids: equality for one (the common case, index-friendly), IN otherwise. */
export function locationIdCondition(ids: readonly string[]): string | { in: string[] } {
  return ids.length === 1 && ids[0] !== undefined ? ids[0] : { in: [...ids] };
}

/** Adds `locationName` to each row, with one query for the whole page. */
export async function withLocationNames<T extends { locationId: string | null }>(rows: T[]): Promise<Named<T>[]> {
  const names = await getLocationNames(rows.map((r) => r.locationId));
  return rows.map((r) => ({ ...r, locationName: (r.locationId !== null && names.get(r.locationId)) || null }));
}

/**
 * A name lookup for a long export: each batch asks only for the ids it has not seen,
 * so a million rows over a few locations cost a few queries, never one per row. The
 * cache is dropped when it grows past `max` ids (memory stays bounded on exports over
 * many locations; a dropped id is simply asked for again).
 */
export function locationNameCache(max = 10_000) {
  const known = new Map<string, string | null>();
  return async function namesFor(ids: Iterable<string | null | undefined>): Promise<(id: string | null | undefined) => string | null> {
    const batch = new Set<string>();
    for (const id of ids) if (id) batch.add(id);
    let missing = [...batch].filter((id) => !known.has(id));
    if (missing.length > 0) {
      if (known.size + missing.length > max) {
        known.clear();
        missing = [...batch];
      }
      const names = await getLocationNames(missing);
      for (const id of missing) known.set(id, names.get(id) ?? null);
    }
    return (id) => (id ? (known.get(id) ?? null) : null);
  };
}
