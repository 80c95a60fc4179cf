// Totals for the home page, from the per-location aggregates (no event scans).
import { db } from "../db";

export async function getTotals() {
  const prisma = await db();
  const [sums, locations, rejected] = await Promise.all([
    prisma.location.aggregate({ _sum: { associations: true, relations: true, events: true }, _max: { lastEventAt: true } }),
    prisma.location.count(),
    prisma.rejectedRequest.count(),
  ]);
  return {
    locations,
    associations: sums._sum.associations ?? 0,
    relations: sums._sum.relations ?? 0,
    events: sums._sum.events ?? 0,
    lastEventAt: sums._max.lastEventAt,
    rejected,
  };
}
