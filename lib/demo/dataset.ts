// The demo data set: every delivery `npm run demo` sends, built from a seed.
// Ids, webhookIds and shapes depend only on the seed; only the timestamps move
// with `now`. So each run sends the same deliveries, and a second run is stored
// as duplicates instead of doubling the data.
import { planAssociation } from "./associations";
import { systemTemplates, userTemplates } from "./catalog";
import { extraDeliveries, type ActiveAssociation } from "./extras";
import { lifecycleDeliveries, locationRoles } from "./lifecycle";
import { alphanumericId, createRng, objectId } from "./random";
import { RecordPool } from "./records";
import { rejectedDeliveries } from "./rejections";
import { day, later, minute } from "./timeline";
import type { DemoContext, DemoDelivery } from "./types";

const demoSeed = 20_260_131;

/** The location id of HighLevel's docs examples (and of the README's curl example) comes first. */
const docsLocationId = "eHy2cOSZxMQzQ6Yyvl8P";

export interface DemoExpectations {
  /** Distinct deliveries that must be stored (re-sent copies excluded). */
  events: number;
  /** Re-sent copies: each must be answered "duplicate". */
  duplicates: number;
  associations: number;
  deletedAssociations: number;
  relations: number;
  deletedRelations: number;
  otherEvents: number;
  unclassifiedEvents: number;
}

export interface DemoDataset {
  locations: string[];
  /** The location that went quiet and the one uninstalled (the Locations page shows both). */
  silentLocation: string;
  uninstalledLocation: string;
  /** Accepted deliveries in sending order, re-sent copies included. */
  deliveries: DemoDelivery[];
  /** Requests the receiver must refuse, each with its cause. */
  rejections: DemoDelivery[];
  expected: DemoExpectations;
}

export interface DemoOptions {
  now: number;
  seed?: number;
  /** The receiver's WEBHOOK_MAX_BODY_BYTES: the oversized example is one byte over it. */
  maxBodyBytes: number;
}

export function buildDemoDataset({ now, seed = demoSeed, maxBodyBytes }: DemoOptions): DemoDataset {
  const rng = createRng(seed);
  const ctx: DemoContext = { rng, now, appId: objectId(rng), versionId: objectId(rng) };
  const locations = [docsLocationId, ...Array.from({ length: 5 }, () => alphanumericId(rng))];
  const expected: DemoExpectations = {
    events: 0,
    duplicates: 0,
    associations: 0,
    deletedAssociations: 0,
    relations: 0,
    deletedRelations: 0,
    otherEvents: 0,
    unclassifiedEvents: 0,
  };
  const sent: DemoDelivery[] = [];
  const active: ActiveAssociation[] = [];
  const roles = locationRoles(locations, now);

  for (const locationId of locations) {
    const pool = new RecordPool(rng);
    const templates = [...(rng.chance(0.6) ? systemTemplates : []), ...rng.sample(userTemplates, rng.int(10, 15))];
    // The silent and the uninstalled location stop sending early: their stream ends there.
    const located = { ...ctx, now: roles.endOf(locationId), historyStart: now - 14 * day };
    for (const template of templates) {
      const plan = planAssociation(located, locationId, template, pool);
      sent.push(...plan.deliveries);
      expected.associations++;
      expected.relations += plan.relations;
      expected.deletedRelations += plan.deletedRelations;
      if (plan.deleted) expected.deletedAssociations++;
      else active.push({ def: plan.def, pool });
    }
  }

  // Recent extras only where deliveries still arrive, so silence and uninstall stay true.
  const live = locations.filter((id) => roles.endOf(id) === now);
  const extras = extraDeliveries(
    ctx,
    live,
    active.filter((a) => live.includes(a.def.locationId)),
  );
  sent.push(...extras.deliveries);
  const lifecycle = lifecycleDeliveries(ctx, locations, roles, seed);
  sent.push(...lifecycle.deliveries);
  expected.otherEvents = extras.otherEvents + lifecycle.otherEvents;
  expected.unclassifiedEvents = extras.unclassifiedEvents;
  expected.relations += extras.relations;
  expected.events = sent.length;

  // Manual resends and retries: the same body (same webhookId) again, minutes to hours later.
  // Not for the quiet and the uninstalled location: a late resend would end their silence.
  const resendable = sent.filter((d) => !d.body.includes(roles.silent) && !d.body.includes(roles.uninstalled));
  const resent = rng.sample(resendable, Math.max(3, Math.round(sent.length * 0.05)));
  for (const original of resent) sent.push({ ...original, sendAt: later(rng, original.sendAt, Math.max(original.sendAt + minute, now), 0.6) });
  expected.duplicates = resent.length;

  const target = active[0]?.def;
  if (!target) throw new Error("demo data set has no active association");
  return {
    locations,
    silentLocation: roles.silent,
    uninstalledLocation: roles.uninstalled,
    // Stable sort: equal times keep the order they were planned in.
    deliveries: sent.sort((a, b) => a.sendAt - b.sendAt),
    rejections: rejectedDeliveries(ctx, target, maxBodyBytes),
    expected,
  };
}
