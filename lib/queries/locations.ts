// The locations overview, read from the aggregates the projection keeps up to
// date (lib/queries/ingest.ts), so it never counts events per request.
import { db } from "../db";
import type { LocationFilters } from "../filters/locations";
import { afterCursor } from "./keyset";
import { keysetPage, type Page } from "./paging";

export interface LocationRow {
  locationId: string;
  associations: number;
  relations: number;
  events: number;
  lastEventAt: Date;
}

const order = { key: "lastEventAt" as const, desc: true };

export async function listLocations(f: LocationFilters): Promise<Page<LocationRow>> {
  const prisma = await db();
  const rows = await prisma.location.findMany({
    where: f.cursor ? afterCursor(order, [new Date(f.cursor[0]), f.cursor[1]], false, "locationId") : {},
    orderBy: [{ lastEventAt: "desc" }, { locationId: "desc" }],
    take: f.limit + 1,
  });
  return keysetPage(rows, f.limit, (r) => [r.lastEventAt.toISOString(), r.locationId]);
}
