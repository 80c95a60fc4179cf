// Location names: what an operator typed, or what HighLevel's API said. Stored in
// LocationProfile (not derived from the log: a reprojection keeps it). The display
// name is the operator's when set, else the API's, else none.
import { db, withWriteLock, writeDb } from "../db";
import { containsText } from "./associations";

export const LOCATION_NAME_MAX = 120;

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
  const ids = [...new Set([...locationIds].filter((id): id is string => typeof id === "string" && id !== ""))];
  const names = new Map<string, string>();
  if (ids.length === 0) return names;
  const prisma = await db();
  // Chunked: SQLite's driver allows at most 999 bound parameters.
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await prisma.locationProfile.findMany({
      where: { locationId: { in: ids.slice(i, i + 500) } },
      select: { locationId: true, name: true, apiName: true },
    });
    for (const r of rows) {
      const name = displayName(r);
      if (name) names.set(r.locationId, name);
    }
  }
  return names;
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
export async function resolveLocationFilter(text: string, limit = 50): Promise<string[]> {
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
