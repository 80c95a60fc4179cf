// Per-location activity and silence (rules in lib/location-silence.ts), read from the
// hourly counts the projector keeps (LocationHour), never from the events: one
// GROUP BY gives every location's 15 daily windows (a few rows per location), and
// the longest quiet spell is measured only for the locations that might be silent.
// `now` is a parameter so tests (and a page) fix the clock.
import { databaseKind, db } from "../db";
import { ACTIVITY_DAYS, HOUR_MS, isSilenceCandidate, isSilent, median14d } from "../location-silence";
import type { InstallState } from "../projection-install";
import { installFieldColumns } from "./location-lifecycle";

/** What the install projection keeps, less its order key (lib/projection-install.ts). */
type InstallFields = Omit<InstallState, "installAt" | "installEventId">;

interface Activity {
  /** Deliveries in the last 24 hour buckets (the current hour included). */
  last24h: number;
  /** Median of the daily counts of the 14 days before those 24 hours. */
  median14d: number;
  lastReceivedAt: Date | null;
  silent: boolean;
  /** now - lastReceivedAt; null when nothing was ever received. */
  silentForMs: number | null;
  /** Longest time between two deliveries in those 14 days (hour resolution); null when not measured. */
  usualQuietMs: number | null;
}

export type LocationActivity = InstallFields &
  Activity & {
    locationId: string;
    associations: number;
    relations: number;
    events: number;
    lastEventAt: Date;
  };

const hourOf = (d: Date) => Math.floor(d.getTime() / HOUR_MS);

const locationSelect = {
  locationId: true,
  associations: true,
  relations: true,
  events: true,
  lastEventAt: true,
  lastReceivedAt: true,
  ...installFieldColumns,
} as const;

type WindowRow = { locationId: string; w: number | bigint; n: number | bigint };

/** Deliveries per location and 24-hour window (0 = the last 24 h … 14), optionally for one location. */
async function windowCounts(nowHour: number, locationId?: string): Promise<Map<string, Map<number, number>>> {
  const prisma = await db();
  const oldest = nowHour - (ACTIVITY_DAYS + 1) * 24 + 1;
  // Integer division of non-negative integers truncates alike on SQLite and PostgreSQL;
  // the casts keep PostgreSQL from reading the parameters as numeric.
  const rows = locationId
    ? await prisma.$queryRaw<WindowRow[]>`
        SELECT "locationId", (CAST(${nowHour} AS INTEGER) - "hour") / 24 AS "w", CAST(SUM("count") AS INTEGER) AS "n"
        FROM "LocationHour" WHERE "locationId" = ${locationId} AND "hour" >= CAST(${oldest} AS INTEGER) AND "hour" <= CAST(${nowHour} AS INTEGER)
        GROUP BY 1, 2`
    : await prisma.$queryRaw<WindowRow[]>`
        SELECT "locationId", (CAST(${nowHour} AS INTEGER) - "hour") / 24 AS "w", CAST(SUM("count") AS INTEGER) AS "n"
        FROM "LocationHour" WHERE "hour" >= CAST(${oldest} AS INTEGER) AND "hour" <= CAST(${nowHour} AS INTEGER)
        GROUP BY 1, 2`;
  const out = new Map<string, Map<number, number>>();
  for (const r of rows) {
    const m = out.get(r.locationId) ?? new Map<number, number>();
    m.set(Number(r.w), Number(r.n));
    out.set(r.locationId, m);
  }
  return out;
}

type GapRow = { locationId: string; gap: number | bigint | null };

/** Longest gap between delivery hours in windows 1..14, per location (ms). */
async function longestQuiet(nowHour: number, locationIds: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (locationIds.length === 0) return out;
  const prisma = await db();
  const lo = nowHour - (ACTIVITY_DAYS + 1) * 24 + 1;
  const hi = nowHour - 24;
  const ids = JSON.stringify(locationIds);
  // The id list goes in as one JSON parameter: no bound-parameter limit, one statement.
  const rows =
    databaseKind() === "sqlite"
      ? await prisma.$queryRaw<GapRow[]>`
          SELECT "locationId", MAX("gap") AS "gap" FROM (
            SELECT "locationId", "hour" - LAG("hour") OVER (PARTITION BY "locationId" ORDER BY "hour") AS "gap"
            FROM "LocationHour"
            WHERE "hour" >= ${lo} AND "hour" <= ${hi} AND "count" > 0 AND "locationId" IN (SELECT "value" FROM json_each(${ids}))
          ) t GROUP BY "locationId"`
      : await prisma.$queryRaw<GapRow[]>`
          SELECT "locationId", MAX("gap") AS "gap" FROM (
            SELECT "locationId", "hour" - LAG("hour") OVER (PARTITION BY "locationId" ORDER BY "hour") AS "gap"
            FROM "LocationHour"
            WHERE "hour" >= CAST(${lo} AS INTEGER) AND "hour" <= CAST(${hi} AS INTEGER) AND "count" > 0
              AND "locationId" IN (SELECT jsonb_array_elements_text(CAST(${ids} AS jsonb)))
          ) t GROUP BY "locationId"`;
  for (const r of rows) out.set(r.locationId, Number(r.gap ?? 0) * HOUR_MS);
  return out;
}

type LocationRecord = Omit<LocationActivity, keyof Activity | "installState"> & { installState: string | null; lastReceivedAt: Date | null };

function installStateOf(v: string | null): InstallFields["installState"] {
  return v === "installed" || v === "uninstalled" ? v : null;
}

async function withActivity(rows: LocationRecord[], now: Date, windows: Map<string, Map<number, number>>, measureAll: boolean): Promise<LocationActivity[]> {
  const nowHour = hourOf(now);
  const base = rows.map((r) => {
    const w = windows.get(r.locationId) ?? new Map<number, number>();
    return { row: r, last24h: w.get(0) ?? 0, median14d: median14d(w) };
  });
  const candidates = base.filter((b) => measureAll || isSilenceCandidate({ ...b.row, median14d: b.median14d, now })).map((b) => b.row.locationId);
  const quiet = await longestQuiet(nowHour, candidates);
  const measured = new Set(candidates);
  return base.map(({ row, last24h, median14d }) => {
    const usualQuietMs = measured.has(row.locationId) ? (quiet.get(row.locationId) ?? 0) : null;
    return {
      ...row,
      installState: installStateOf(row.installState),
      last24h,
      median14d,
      silentForMs: row.lastReceivedAt ? Math.max(0, now.getTime() - row.lastReceivedAt.getTime()) : null,
      usualQuietMs,
      silent: isSilent({ installState: row.installState, median14d, lastReceivedAt: row.lastReceivedAt, usualQuietMs, now }),
    };
  });
}

/** One location's install state and activity; null when nothing ever named it. */
export async function getLocationActivity(locationId: string, now = new Date()): Promise<LocationActivity | null> {
  const prisma = await db();
  const row = await prisma.location.findUnique({ where: { locationId }, select: locationSelect });
  if (!row) return null;
  const [activity] = await withActivity([row], now, await windowCounts(hourOf(now), locationId), true);
  return activity ?? null;
}

/**
 * Every location with its activity. The whole set, because silence depends on the clock
 * and cannot be kept in an index; a few queries whatever the size, and sized for what
 * an agency has (dozens to a few thousand locations; about 5,000 stays well under a
 * second, see README).
 */
export async function listLocationActivity(now = new Date()): Promise<LocationActivity[]> {
  const prisma = await db();
  const [rows, windows] = await Promise.all([prisma.location.findMany({ select: locationSelect }), windowCounts(hourOf(now))]);
  return withActivity(rows, now, windows, false);
}
