// The locations overview, read from the aggregates the projection keeps up to
// date (lib/queries/ingest.ts), so it never counts events per request.
import { db } from "../db";
import type { LocationFilters } from "../filters/locations";
import type { Prisma } from "../generated/postgresql/client";
import { seekPage } from "./keyset";
import type { Page } from "./paging";

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
  const decode = (c: LocationFilters["cursor"]): [Date, string] | undefined => (c ? [new Date(c[0]), c[1]] : undefined);
  return seekPage({
    sort: order,
    nullable: false,
    idKey: "locationId",
    after: decode(f.cursor),
    before: decode(f.before),
    limit: f.limit,
    fetch: (seek, orderBy, take) =>
      prisma.location.findMany({ where: seek, orderBy: orderBy as Prisma.LocationOrderByWithRelationInput[], take }),
    cursorOf: (r) => [r.lastEventAt.toISOString(), r.locationId],
  });
}
