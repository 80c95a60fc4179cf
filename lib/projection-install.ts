// Install lifecycle of a location, from its INSTALL / UNINSTALL deliveries. Pure
// functions: the projector (lib/queries/location-lifecycle.ts) parses the stored
// bodies, folds every install event naming a location with `foldInstallEvents`, and
// merges the result into the stored row with `mergeInstallState`.
//
// Rules (README "Locations"):
// - Events are ordered by (eventTimestamp ?? receivedAt, event id).
// - installState is the type of the newest event; installedAt / uninstalledAt are the
//   times of the newest INSTALL / UNINSTALL.
// - companyId, companyName and appVersion (versionId) come from the newest event that
//   carries each of them.
// The fold looks at the whole set, never at arrival order, so a late or out-of-order
// delivery gives the same state. (An incremental "older events fill missing fields"
// rule would not: with three events where only the two older carry companyName, the
// first of those to arrive would win.)
import { isJsonObject } from "./domain/json";

export const installEventTypes = ["INSTALL", "UNINSTALL"] as const;
export type InstallEventType = (typeof installEventTypes)[number];

export function isInstallEventType(type: string | null): type is InstallEventType {
  return type === "INSTALL" || type === "UNINSTALL";
}

/** A bulk install lists at most this many locations; the rest is ignored (and logged). */
const MAX_INSTALL_LOCATIONS = 10_000;

export interface InstallEvent {
  type: InstallEventType;
  /** eventTimestamp ?? receivedAt */
  at: Date;
  eventId: number;
  /** Every location the event names: `locationId` and each of `locationIds`, deduplicated. */
  locationIds: string[];
  companyId: string | null;
  companyName: string | null;
  versionId: string | null;
}

export interface InstallState {
  installState: "installed" | "uninstalled" | null;
  installedAt: Date | null;
  uninstalledAt: Date | null;
  companyId: string | null;
  companyName: string | null;
  appVersion: string | null;
  /** Order key of the newest install event. */
  installAt: Date | null;
  installEventId: number | null;
}

export const emptyInstallState: InstallState = {
  installState: null,
  installedAt: null,
  uninstalledAt: null,
  companyId: null,
  companyName: null,
  appVersion: null,
  installAt: null,
  installEventId: null,
};

const text = (v: unknown, max = 200): string | null => (typeof v === "string" && v.trim() !== "" && v.length <= max && !v.includes("\u0000") ? v : null);

export type ParsedInstall = { ok: true; event: InstallEvent; truncated: boolean } | { ok: false; reason: string };

/**
 * Reads an INSTALL / UNINSTALL body leniently: anything that is not a usable string is
 * treated as absent. Fails only when the body is not an object or names no location,
 * because then there is nothing to apply it to.
 */
export function parseInstallBody(type: InstallEventType, body: unknown, at: Date, eventId: number): ParsedInstall {
  if (!isJsonObject(body)) return { ok: false, reason: "body is not a JSON object" };
  const listed = Array.isArray(body.locationIds) ? body.locationIds : [];
  const ids = [...new Set([text(body.locationId), ...listed.map((v) => text(v))].filter((v): v is string => v !== null))];
  if (ids.length === 0) return { ok: false, reason: "names no locationId or locationIds" };
  return {
    ok: true,
    truncated: ids.length > MAX_INSTALL_LOCATIONS,
    event: {
      type,
      at,
      eventId,
      locationIds: ids.slice(0, MAX_INSTALL_LOCATIONS),
      companyId: text(body.companyId),
      companyName: text(body.companyName),
      versionId: text(body.versionId),
    },
  };
}

function newer(a: { at: Date; eventId: number }, b: { at: Date; eventId: number }): boolean {
  return a.at.getTime() - b.at.getTime() > 0 || (a.at.getTime() === b.at.getTime() && a.eventId > b.eventId);
}

/** The install state a set of events leads to, whatever order they are given in. */
export function foldInstallEvents(events: readonly InstallEvent[]): InstallState {
  const sorted = [...events].sort((a, b) => (newer(a, b) ? -1 : newer(b, a) ? 1 : 0)); // newest first
  const newest = sorted[0];
  if (!newest) return { ...emptyInstallState };
  const first = <T>(pick: (e: InstallEvent) => T | null): T | null => {
    for (const e of sorted) {
      const v = pick(e);
      if (v !== null) return v;
    }
    return null;
  };
  return {
    installState: newest.type === "INSTALL" ? "installed" : "uninstalled",
    installedAt: first((e) => (e.type === "INSTALL" ? e.at : null)),
    uninstalledAt: first((e) => (e.type === "UNINSTALL" ? e.at : null)),
    companyId: first((e) => e.companyId),
    companyName: first((e) => e.companyName),
    appVersion: first((e) => e.versionId),
    installAt: newest.at,
    installEventId: newest.eventId,
  };
}

const laterDate = (a: Date | null, b: Date | null): Date | null => (!a ? b : !b ? a : b.getTime() > a.getTime() ? b : a);

/**
 * The stored state after folding the events the log still holds (`fromLog`). The log
 * is the truth; the stored row only adds what retention may have pruned from it:
 * later install/uninstall times, a newer install event, fields no stored event carries.
 * Commutative in the sense that matters: merging the fold of a superset into any state
 * built from subsets of it gives the fold of the superset.
 */
export function mergeInstallState(current: InstallState, fromLog: InstallState): InstallState {
  const logKey = fromLog.installAt && fromLog.installEventId !== null ? { at: fromLog.installAt, eventId: fromLog.installEventId } : null;
  const storedKey = current.installAt && current.installEventId !== null ? { at: current.installAt, eventId: current.installEventId } : null;
  const head = logKey && (!storedKey || !newer(storedKey, logKey)) ? fromLog : current;
  return {
    installState: head.installState,
    installedAt: laterDate(current.installedAt, fromLog.installedAt),
    uninstalledAt: laterDate(current.uninstalledAt, fromLog.uninstalledAt),
    companyId: fromLog.companyId ?? current.companyId,
    companyName: fromLog.companyName ?? current.companyName,
    appVersion: fromLog.appVersion ?? current.appVersion,
    installAt: head.installAt,
    installEventId: head.installEventId,
  };
}
