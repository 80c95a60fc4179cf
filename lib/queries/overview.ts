// Figures for the overview page. Totals come from the per-location aggregates,
// counters or indexed counts, and the chart from the per-day rollup: nothing here
// reads the events table beyond its newest rows. Silence comes from the hourly counts
// (lib/queries/location-activity.ts), as on the Locations page.
import { db } from "../db";
import { dayOf } from "./event-days";
import { listLocationActivity } from "./location-activity";
import { applicableFindingKinds } from "./reconcile-runs";
import { withLocationNames } from "./location-profiles";

export async function getTotals() {
  const prisma = await db();
  const dayAgo = new Date(Date.now() - 86_400_000);
  const [sums, locations, byStatus, duplicates, rejected24h, rejected] = await Promise.all([
    prisma.location.aggregate({ _sum: { relations: true, events: true }, _max: { lastEventAt: true } }),
    prisma.location.count(),
    prisma.association.groupBy({ by: ["status"], _count: { _all: true } }),
    prisma.counter.findUnique({ where: { name: "duplicates" } }),
    // A flood's latest row stands for `repeats` more refusals (see rejected.ts).
    prisma.rejectedRequest.aggregate({ where: { receivedAt: { gte: dayAgo } }, _count: { _all: true }, _sum: { repeats: true } }),
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
    rejected24h: rejected24h._count._all + (rejected24h._sum.repeats ?? 0),
    rejected,
    lastEventAt: sums._max.lastEventAt,
  };
}

export interface DeliveryBucket {
  day: string;
  type: string;
  count: number;
}

/** Deliveries per UTC day and event type over the last `days` days (from the EventDay rollup). */
export async function getDeliveriesByDay(days = 14): Promise<DeliveryBucket[]> {
  const prisma = await db();
  const since = dayOf(new Date(Date.now() - (days - 1) * 86_400_000));
  const rows = await prisma.eventDay.findMany({ where: { day: { gte: since }, count: { gt: 0 } }, orderBy: [{ day: "asc" }, { type: "asc" }] });
  return rows.map((r) => ({ day: r.day, type: r.type, count: r.count }));
}

/** The newest events, each with its location's display name (`locationName`, null when unnamed). */
export async function listLatestEvents(take = 10) {
  const prisma = await db();
  const rows = await prisma.event.findMany({
    orderBy: { id: "desc" },
    take,
    select: { id: true, type: true, kind: true, locationId: true, subjectId: true, receivedAt: true, verification: true, duplicateCount: true },
  });
  return withLocationNames(rows);
}

/** The busiest locations, each with its display name (`locationName`, null when unnamed). */
export async function listTopLocations(take = 8) {
  const prisma = await db();
  return withLocationNames(await prisma.location.findMany({ orderBy: { events: "desc" }, take }));
}

export interface LocationHealth {
  installed: number;
  uninstalled: number;
  silent: number;
  /** Unapplied findings of each location's newest reconciliation run, of the kinds that can be applied (not a refused token). */
  openFindings: number;
}

/** Install states, silent locations and open reconciliation findings, for the overview's figures. */
export async function getLocationHealth(now = new Date()): Promise<LocationHealth> {
  const prisma = await db();
  const [states, activity, latestRuns] = await Promise.all([
    prisma.location.groupBy({ by: ["installState"], _count: { _all: true } }),
    listLocationActivity(now),
    // An older run's findings are superseded by the newer run of the same location.
    prisma.reconcileRun.groupBy({ by: ["locationId"], _max: { id: true } }),
  ]);
  const runIds = latestRuns.flatMap((r) => (r._max.id === null ? [] : [r._max.id]));
  let openFindings = 0;
  // Chunked: SQLite's driver allows at most 999 bound parameters.
  for (let i = 0; i < runIds.length; i += 500) {
    openFindings += await prisma.reconcileFinding.count({
      where: { runId: { in: runIds.slice(i, i + 500) }, appliedAt: null, kind: { in: [...applicableFindingKinds] } },
    });
  }
  const state = (s: string) => states.find((r) => r.installState === s)?._count._all ?? 0;
  return { installed: state("installed"), uninstalled: state("uninstalled"), silent: activity.filter((a) => a.silent).length, openFindings };
}
