// Figures for the overview page. Totals come from the per-location aggregates or
// indexed counts; the chart groups in SQL so it never loads events into memory.
import { db, databaseKind } from "../db";

export async function getTotals() {
  const prisma = await db();
  const dayAgo = new Date(Date.now() - 86_400_000);
  const [sums, locations, byStatus, duplicates, rejected24h, rejected] = await Promise.all([
    prisma.location.aggregate({ _sum: { relations: true, events: true }, _max: { lastEventAt: true } }),
    prisma.location.count(),
    prisma.association.groupBy({ by: ["status"], _count: { _all: true } }),
    prisma.counter.findUnique({ where: { name: "duplicates" } }),
    prisma.rejectedRequest.count({ where: { receivedAt: { gte: dayAgo } } }),
    prisma.rejectedRequest.count(),
  ]);
  const status = (s: string) => byStatus.find((r) => r.status === s)?._count._all ?? 0;
  return {
    locations,
    associationsActive: status("active"),
    associationsDeleted: status("deleted"),
    relations: sums._sum.relations ?? 0,
    events: sums._sum.events ?? 0,
    duplicates: duplicates?.value ?? 0,
    rejected24h,
    rejected,
    lastEventAt: sums._max.lastEventAt,
  };
}

export interface DeliveryBucket {
  day: string;
  type: string;
  count: number;
}

/** Deliveries per UTC day and event type over the last `days` days. */
export async function getDeliveriesByDay(days = 14): Promise<DeliveryBucket[]> {
  const prisma = await db();
  const since = new Date(Date.now() - days * 86_400_000);
  since.setUTCHours(0, 0, 0, 0);
  const rows =
    databaseKind() === "postgresql"
      ? await prisma.$queryRaw<{ day: string; type: string | null; count: bigint | number }[]>`
          SELECT to_char("receivedAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, "type", COUNT(*) AS count
          FROM "Event" WHERE "receivedAt" >= ${since} GROUP BY 1, 2 ORDER BY 1`
      : await prisma.$queryRaw<{ day: string; type: string | null; count: bigint | number }[]>`
          SELECT substr("receivedAt", 1, 10) AS day, "type", COUNT(*) AS count
          FROM "Event" WHERE "receivedAt" >= ${since.toISOString().replace("Z", "+00:00")} GROUP BY 1, 2 ORDER BY 1`;
  return rows.map((r) => ({ day: r.day, type: r.type ?? "unclassified", count: Number(r.count) }));
}

export async function listLatestEvents(take = 10) {
  const prisma = await db();
  return prisma.event.findMany({
    orderBy: { id: "desc" },
    take,
    select: { id: true, type: true, kind: true, locationId: true, subjectId: true, receivedAt: true, verification: true, duplicateCount: true },
  });
}

export async function listTopLocations(take = 8) {
  const prisma = await db();
  return prisma.location.findMany({ orderBy: { events: "desc" }, take });
}
