// What the database knows of one location: names (the operator's, HighLevel's, and
// the one displayed), the counts the projection keeps, recent activity, and what the
// last INSTALL/UNINSTALL said. lib/highlevel/location-detail.ts adds what the
// configuration says (API token, link into HighLevel) for its page and API.
import { db } from "../db";
import { getLocationActivity } from "./location-activity";
import { displayName, getLocationProfile } from "./location-profiles";

export interface LocationInstall {
  /** From the newest INSTALL/UNINSTALL naming the location; null when none has. */
  state: "installed" | "uninstalled" | null;
  installedAt: Date | null;
  uninstalledAt: Date | null;
  companyId: string | null;
  companyName: string | null;
  appVersion: string | null;
}

/** Deliveries lately and whether the location has gone silent (rules in lib/location-silence.ts). */
interface LocationRecentActivity {
  /** Deliveries in the last 24 hours. */
  last24h: number;
  /** Median deliveries per day over the 14 days before. */
  median14d: number;
  silent: boolean;
  /** Since the last delivery; null when none was ever received. */
  silentForMs: number | null;
  /** Its longest quiet spell in those 14 days: silence is a gap longer than this (and than 2 h). */
  usualQuietMs: number | null;
}

export interface StoredLocation {
  locationId: string;
  /** The name shown everywhere: the operator's, else HighLevel's, else null. */
  locationName: string | null;
  /** Set by an operator (PUT /api/locations/{locationId}/name). */
  name: string | null;
  /** From HighLevel's GET /locations/{locationId}, with the location's API token. */
  apiName: string | null;
  apiNameAt: Date | null;
  /** Whether any delivery has named this location yet. */
  seen: boolean;
  associations: number;
  relations: number;
  events: number;
  lastEventAt: Date | null;
  lastReceivedAt: Date | null;
  install: LocationInstall;
  /** Null when no delivery has named the location yet. */
  activity: LocationRecentActivity | null;
}

const installState = (v: string | null): LocationInstall["state"] => (v === "installed" || v === "uninstalled" ? v : null);

/** The location as far as the database knows it (zeros and nulls for an id never seen), and whether it knows anything. */
export async function describeStoredLocation(locationId: string, now = new Date()): Promise<{ stored: StoredLocation; known: boolean }> {
  const prisma = await db();
  const [row, profile, activity] = await Promise.all([
    prisma.location.findUnique({ where: { locationId } }),
    getLocationProfile(locationId),
    getLocationActivity(locationId, now),
  ]);
  const stored: StoredLocation = {
    locationId,
    locationName: displayName(profile),
    name: profile?.name ?? null,
    apiName: profile?.apiName ?? null,
    apiNameAt: profile?.apiNameAt ?? null,
    seen: row !== null,
    associations: row?.associations ?? 0,
    relations: row?.relations ?? 0,
    events: row?.events ?? 0,
    lastEventAt: row?.lastEventAt ?? null,
    lastReceivedAt: row?.lastReceivedAt ?? null,
    install: {
      state: installState(row?.installState ?? null),
      installedAt: row?.installedAt ?? null,
      uninstalledAt: row?.uninstalledAt ?? null,
      companyId: row?.companyId ?? null,
      companyName: row?.companyName ?? null,
      appVersion: row?.appVersion ?? null,
    },
    activity: activity && {
      last24h: activity.last24h,
      median14d: activity.median14d,
      silent: activity.silent,
      silentForMs: activity.silentForMs,
      usualQuietMs: activity.usualQuietMs,
    },
  };
  return { stored, known: row !== null || profile !== null };
}
