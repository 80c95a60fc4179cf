// The overview's figures for a chosen time range. Events are counted from the
// per-day rollup (EventDay): the events table has no index on receivedAt, and
// counting a month of a million-row log would be slow, so events and the chart are
// by whole UTC days (the days the range touches). Rejected requests have an index on
// receivedAt and are counted exactly.
import { db } from "../db";
import type { DeliveryBucket } from "./overview";
import { dayOf } from "./event-days";

/** At most this many days on the chart (an absolute range may be years). */
const maxDays = 92;

export interface RangeFigures {
  /** The UTC days the event figures cover (first and last, inclusive). */
  firstDay: string;
  lastDay: string;
  /** Whether the days were cut to the last maxDays. */
  clipped: boolean;
  events: number;
  rejected: number;
  buckets: DeliveryBucket[];
}

export async function getRangeFigures(from: Date | undefined, to: Date | undefined, now = new Date()): Promise<RangeFigures> {
  const prisma = await db();
  const end = to && to < now ? to : now;
  const earliest = new Date(end.getTime() - (maxDays - 1) * 86_400_000);
  const start = from && from > earliest ? from : earliest;
  const clipped = !from || from < earliest;
  const firstDay = dayOf(start);
  const lastDay = dayOf(end);
  const [rows, rejected] = await Promise.all([
    prisma.eventDay.findMany({ where: { day: { gte: firstDay, lte: lastDay }, count: { gt: 0 } }, orderBy: [{ day: "asc" }, { type: "asc" }] }),
    // A flood's latest row stands for `repeats` more refusals (see rejected.ts).
    prisma.rejectedRequest.aggregate({ where: { receivedAt: { gte: from, lte: to } }, _count: { _all: true }, _sum: { repeats: true } }),
  ]);
  return {
    firstDay,
    lastDay,
    clipped,
    events: rows.reduce((n, r) => n + r.count, 0),
    rejected: rejected._count._all + (rejected._sum.repeats ?? 0),
    buckets: rows.map((r) => ({ day: r.day, type: r.type, count: r.count })),
  };
}
