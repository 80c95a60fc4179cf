// The projector's location bookkeeping beyond the counters: install state from
// INSTALL / UNINSTALL deliveries, the receive time of the newest delivery naming a
// location, and deliveries per location and hour (LocationHour), which the activity
// and silence figures read (lib/queries/location-activity.ts). Runs inside the
// projector's transaction (lib/queries/projector.ts), so it is applied exactly once
// per event, like everything else derived from the log.
import { HOUR_MS } from "../location-silence";
import { logger } from "../logger";
import {
  emptyInstallState,
  foldInstallEvents,
  installEventTypes,
  isInstallEventType,
  mergeInstallState,
  parseInstallBody,
  type InstallEvent,
  type InstallState,
} from "../projection-install";
import type { Tx } from "./tx";

/**
 * Hours of LocationHour kept: the activity figures read 15 windows of 24 hours (the last
 * day and the 14 before it). Older hours are pruned and never written, so incremental
 * projection and a rebuild keep the same rows.
 */
const LOCATION_HOURS_KEPT = 15 * 24;

export const hourOf = (date: Date): number => Math.floor(date.getTime() / HOUR_MS);

/** The oldest hour still kept at `now`. */
const oldestKeptHour = (now: Date): number => hourOf(now) - LOCATION_HOURS_KEPT + 1;

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

interface StoredRow {
  id: number;
  type: string | null;
  eventTimestamp: Date | null;
  receivedAt: Date;
  rawBody: Uint8Array;
}

/** The install event a stored row stands for, or null (not an install, or unusable: logged). */
export function installEventOf(row: StoredRow, warn = true): InstallEvent | null {
  if (!isInstallEventType(row.type)) return null;
  let body: unknown;
  try {
    body = JSON.parse(utf8.decode(row.rawBody));
  } catch {
    body = null;
  }
  const parsed = parseInstallBody(row.type, body, row.eventTimestamp ?? row.receivedAt, row.id);
  if (!parsed.ok) {
    if (!warn) return null;
    // Stored as received (the log keeps it); projection must not stop on one odd body.
    logger.warn({ eventId: row.id, type: row.type, reason: parsed.reason }, "install event not applied to any location");
    return null;
  }
  if (parsed.truncated && warn) logger.warn({ eventId: row.id, type: row.type }, "bulk install names too many locations; the rest is ignored");
  return parsed.event;
}

const installSelect = { id: true, type: true, eventTimestamp: true, receivedAt: true, rawBody: true } as const;

/**
 * Sets the install columns of every location named by the batch's install events from
 * ALL install events of the log naming it (up to `lastId`, the batch's last event), so
 * the state never depends on the order events arrived in. Install events are few (a
 * handful per location), and only a batch that holds one does this read. Single-location
 * events are found by the locationId index; bulk ones (no Event.locationId) by type.
 */
export async function applyInstallEvents(tx: Tx, batch: InstallEvent[], lastId: number): Promise<void> {
  const named = [...new Set(batch.flatMap((e) => e.locationIds))].sort();
  for (let i = 0; i < named.length; i += 500) {
    const chunk = named.slice(i, i + 500);
    const wanted = new Set(chunk);
    const stored = await tx.event.findMany({
      // Every install event up to here, whatever its own locationId: a body may name one
      // location in locationId and others in locationIds, and those others must count.
      // Install events are few (one per install or uninstall), so this stays small.
      where: { type: { in: [...installEventTypes] }, id: { lte: lastId } },
      orderBy: { id: "asc" },
      select: installSelect,
    });
    const perLocation = new Map<string, InstallEvent[]>();
    for (const row of stored) {
      const ev = installEventOf(row, false); // warned about when its own batch was applied
      for (const id of ev?.locationIds ?? []) {
        if (!ev || !wanted.has(id)) continue;
        perLocation.set(id, [...(perLocation.get(id) ?? []), ev]);
      }
    }
    const rows = await tx.location.findMany({ where: { locationId: { in: chunk } }, select: { locationId: true, ...installColumns } });
    const current = new Map(rows.map((r) => [r.locationId, r]));
    for (const locationId of chunk) {
      const before = current.get(locationId);
      const next = mergeInstallState(before ? stateOf(before) : emptyInstallState, foldInstallEvents(perLocation.get(locationId) ?? []));
      await tx.location.update({ where: { locationId }, data: next });
    }
  }
}

/** The install state's columns as readers show them (the order key left out). */
export const installFieldColumns = {
  installState: true,
  installedAt: true,
  uninstalledAt: true,
  companyId: true,
  companyName: true,
  appVersion: true,
} as const;

const installColumns = { ...installFieldColumns, installAt: true, installEventId: true } as const;

function stateOf(row: Omit<InstallState, "installState"> & { installState: string | null }): InstallState {
  const installState = row.installState === "installed" || row.installState === "uninstalled" ? row.installState : null;
  return { ...row, installState };
}

/** Deliveries of one batch per location: newest receive time and counts per hour. */
export interface ReceivedDelta {
  lastReceivedAt: Date;
  hours: Map<number, number>;
}

export function addReceived(deltas: Map<string, ReceivedDelta>, locationId: string, receivedAt: Date): void {
  const d = deltas.get(locationId) ?? { lastReceivedAt: receivedAt, hours: new Map<number, number>() };
  if (receivedAt > d.lastReceivedAt) d.lastReceivedAt = receivedAt;
  const hour = hourOf(receivedAt);
  d.hours.set(hour, (d.hours.get(hour) ?? 0) + 1);
  deltas.set(locationId, d);
}

let lastPruneAt = 0;

/**
 * Moves lastReceivedAt forward and counts the batch's deliveries into LocationHour (the
 * Location rows exist by now). Hours already older than the kept window are not written:
 * they would be pruned anyway, and a rebuild must not keep what incremental projection
 * dropped. About once an hour per process, prunes hours that left the window (one
 * DELETE on the hour index).
 */
export async function applyReceived(tx: Tx, deltas: Map<string, ReceivedDelta>, now = new Date()): Promise<void> {
  const oldest = oldestKeptHour(now);
  for (const [locationId, d] of [...deltas].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    await tx.location.updateMany({
      where: { locationId, OR: [{ lastReceivedAt: null }, { lastReceivedAt: { lt: d.lastReceivedAt } }] },
      data: { lastReceivedAt: d.lastReceivedAt },
    });
    for (const [hour, n] of [...d.hours].sort(([a], [b]) => a - b)) {
      if (hour < oldest) continue;
      await tx.locationHour.upsert({
        where: { locationId_hour: { locationId, hour } },
        create: { locationId, hour, count: n },
        update: { count: { increment: n } },
      });
    }
  }
  if (now.getTime() - lastPruneAt >= HOUR_MS) {
    lastPruneAt = now.getTime();
    await tx.locationHour.deleteMany({ where: { hour: { lt: oldest } } });
  }
}
