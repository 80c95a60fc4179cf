// Values offered by the filter controls (known locations, object keys, event types).
import { cached } from "../cache";
import { db } from "../db";

/** Known locationIds, most active first (from the aggregates: no scan). */
export async function listKnownLocationIds(limit = 500): Promise<string[]> {
  const prisma = await db();
  const rows = await prisma.location.findMany({ select: { locationId: true }, orderBy: { events: "desc" }, take: limit });
  return rows.map((r) => r.locationId);
}

/** Distinct object keys; scanning two indexes, so cached for a minute. */
export function listKnownObjectKeys(limit = 200): Promise<string[]> {
  return cached(`object-keys:${limit}`, 60_000, () => distinctObjectKeys(limit));
}

async function distinctObjectKeys(limit: number): Promise<string[]> {
  const prisma = await db();
  const [first, second] = await Promise.all([
    prisma.association.groupBy({ by: ["firstObjectKey"], orderBy: { firstObjectKey: "asc" }, take: limit }),
    prisma.association.groupBy({ by: ["secondObjectKey"], orderBy: { secondObjectKey: "asc" }, take: limit }),
  ]);
  return [...new Set([...first.map((r) => r.firstObjectKey), ...second.map((r) => r.secondObjectKey)])].sort();
}
