// The demo's install lifecycle: INSTALL deliveries (one per location, and one bulk
// install naming two), one location uninstalled two days ago, and one location that
// used to send every few hours and went quiet half a day ago, so the Locations page
// shows each state. A separate seeded stream, so the association data stays as it was.
import { createRng, objectId, uuid, type Rng } from "./random";
import { day, hour, minute } from "./timeline";
import type { DemoContext, DemoDelivery } from "./types";

/** How the demo's locations end up: the silent and uninstalled ones stop sending early. */
export interface LocationRoles {
  silent: string;
  uninstalled: string;
  /** When each location's association stream ends (its "now"). */
  endOf: (locationId: string) => number;
}

const silentFor = 12 * hour;
const uninstalledAgo = 2 * day;

export function locationRoles(locations: readonly string[], now: number): LocationRoles {
  const silent = locations[4];
  const uninstalled = locations[5];
  if (!silent || !uninstalled) throw new Error("the demo needs six locations");
  return {
    silent,
    uninstalled,
    endOf: (id) => (id === silent ? now - silentFor : id === uninstalled ? now - uninstalledAgo : now),
  };
}

const companies = ["Northwind Dental Group", "Bluebird Realty Partners"];

function install(
  ctx: DemoContext,
  rng: Rng,
  type: "INSTALL" | "UNINSTALL",
  at: number,
  where: Record<string, string | string[]>,
  company: number,
): DemoDelivery {
  const body = {
    type,
    appId: ctx.appId,
    versionId: ctx.versionId,
    installType: Array.isArray(where.locationIds) ? "Company" : "Location",
    ...where,
    companyId: `demo-company-${company + 1}`,
    userId: objectId(rng),
    companyName: companies[company] ?? "Demo company",
    timestamp: new Date(at).toISOString(),
    webhookId: uuid(rng),
  };
  return { body: JSON.stringify(body), signing: "ed25519", sendAt: at, expect: "accepted" };
}

/** A heartbeat of ContactUpdate deliveries every 1–3 hours, ending where the location went quiet. */
function heartbeat(ctx: DemoContext, rng: Rng, locationId: string, from: number, to: number): DemoDelivery[] {
  const out: DemoDelivery[] = [];
  for (let at = from + rng.int(10, 90) * minute; at < to; at += rng.int(60, 180) * minute) {
    const body = {
      type: "ContactUpdate",
      locationId,
      versionId: ctx.versionId,
      appId: ctx.appId,
      id: objectId(rng),
      tags: ["demo-heartbeat"],
      timestamp: new Date(at).toISOString(),
      webhookId: uuid(rng),
    };
    out.push({ body: JSON.stringify(body), signing: "ed25519", sendAt: at, expect: "accepted" });
  }
  return out;
}

export function lifecycleDeliveries(ctx: DemoContext, locations: readonly string[], roles: LocationRoles, seed: number) {
  const rng = createRng(seed + 1);
  const { now } = ctx;
  const installedAt = now - 14.5 * day;
  const deliveries: DemoDelivery[] = [];
  // Four single installs, one bulk install (company-level) naming the last two.
  locations.slice(0, 4).forEach((locationId, i) => {
    deliveries.push(install(ctx, rng, "INSTALL", installedAt + i * hour, { locationId }, 0));
  });
  deliveries.push(install(ctx, rng, "INSTALL", installedAt + 5 * hour, { locationIds: locations.slice(4) }, 1));
  deliveries.push(install(ctx, rng, "UNINSTALL", roles.endOf(roles.uninstalled) + 30 * minute, { locationId: roles.uninstalled }, 1));
  const beats = heartbeat(ctx, rng, roles.silent, now - 14.3 * day, roles.endOf(roles.silent));
  return { deliveries: [...deliveries, ...beats], otherEvents: deliveries.length + beats.length };
}
