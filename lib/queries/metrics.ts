// Database reads for GET /api/metrics, each cheap enough for every scrape: two
// counts on Alert's (status, id) index, and the most recently active locations (a
// few thousand rows at most, one ORDER BY ... LIMIT).
import { db } from "../db";

export interface OpenAlertCounts {
  open: number;
  acknowledged: number;
}

export async function openAlertCounts(): Promise<OpenAlertCounts> {
  const prisma = await db();
  const [open, acknowledged] = await Promise.all([
    prisma.alert.count({ where: { status: "open" } }),
    prisma.alert.count({ where: { status: "acknowledged" } }),
  ]);
  return { open, acknowledged };
}

export interface LocationDelivery {
  locationId: string;
  lastReceivedAt: Date;
}

/** How many locations are known, and the `limit` whose newest delivery is newest. */
export async function recentLocationDeliveries(limit: number): Promise<{ total: number; recent: LocationDelivery[] }> {
  const prisma = await db();
  const [total, rows] = await Promise.all([
    prisma.location.count(),
    limit > 0
      ? prisma.location.findMany({
          where: { lastReceivedAt: { not: null } },
          orderBy: [{ lastReceivedAt: "desc" }, { locationId: "asc" }],
          take: limit,
          select: { locationId: true, lastReceivedAt: true },
        })
      : Promise.resolve([]),
  ]);
  return { total, recent: rows.flatMap((r) => (r.lastReceivedAt ? [{ locationId: r.locationId, lastReceivedAt: r.lastReceivedAt }] : [])) };
}
