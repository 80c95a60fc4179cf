// Values offered by the filter controls: known locations (labelled with their names)
// and object keys. Event types need no query: the filters offer their fixed list.
import { cachedFor } from "../cache";
import { db } from "../db";
import { getLocationNames, listNamedLocations } from "./location-profiles";

/** Known locationIds, most active first (from the aggregates: no scan). */
async function listKnownLocationIds(limit = 500): Promise<string[]> {
  const prisma = await db();
  const rows = await prisma.location.findMany({ select: { locationId: true }, orderBy: { events: "desc" }, take: limit });
  return rows.map((r) => r.locationId);
}

/**
 * The Location filter's suggestions: every known location as its id (what the URL
 * then holds) labelled "Name (id)" when it has a name, plus named locations that have
 * not sent anything yet (an operator may name one before it does).
 */
export async function listLocationSuggestions(limit = 500): Promise<{ value: string; label: string }[]> {
  const ids = await listKnownLocationIds(limit);
  const [names, named] = await Promise.all([getLocationNames(ids), listNamedLocations(limit)]);
  const seen = new Set(ids);
  const label = (id: string, name: string | undefined) => (name ? `${name} (${id})` : id);
  return [
    ...ids.map((id) => ({ value: id, label: label(id, names.get(id)) })),
    ...named.filter((l) => !seen.has(l.locationId)).map((l) => ({ value: l.locationId, label: label(l.locationId, l.name) })),
  ];
}

const objectKeys = cachedFor(60_000, (limit: number) => distinctObjectKeys(limit));

/** Distinct object keys; scanning two indexes, so cached for a minute. */
export function listKnownObjectKeys(limit = 200): Promise<string[]> {
  return objectKeys(limit);
}

async function distinctObjectKeys(limit: number): Promise<string[]> {
  const prisma = await db();
  const [first, second] = await Promise.all([
    prisma.association.groupBy({ by: ["firstObjectKey"], orderBy: { firstObjectKey: "asc" }, take: limit }),
    prisma.association.groupBy({ by: ["secondObjectKey"], orderBy: { secondObjectKey: "asc" }, take: limit }),
  ]);
  return [...new Set([...first.map((r) => r.firstObjectKey), ...second.map((r) => r.secondObjectKey)])].sort();
}
