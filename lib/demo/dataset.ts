// The demo data set: every delivery `npm run demo` sends, built from a seed.
// Ids, webhookIds and shapes depend only on the seed; only the timestamps move
// with `now`. So each run sends the same deliveries, and a second run is stored
// as duplicates instead of doubling the data.
import { planAssociation } from "./associations";
import { systemTemplates, userTemplates } from "./catalog";
import { extraDeliveries, type ActiveAssociation } from "./extras";
import { alphanumericId, createRng, objectId } from "./random";
import { RecordPool } from "./records";
import { rejectedDeliveries } from "./rejections";
import { later, minute } from "./timeline";
import type { DemoContext, DemoDelivery } from "./types";

export const demoSeed = 20_260_131;

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
  const expected: DemoExpectations = { events: 0, duplicates: 0, associations: 0, deletedAssociations: 0, relations: 0, deletedRelations: 0, otherEvents: 0, unclassifiedEvents: 0 };
  const sent: DemoDelivery[] = [];
  const active: ActiveAssociation[] = [];

  for (const locationId of locations) {
    const pool = new RecordPool(rng);
    const templates = [...(rng.chance(0.6) ? systemTemplates : []), ...rng.sample(userTemplates, rng.int(10, 15))];
    for (const template of templates) {
      const plan = planAssociation(ctx, locationId, template, pool);
      sent.push(...plan.deliveries);
      expected.associations++;
      expected.relations += plan.relations;
      expected.deletedRelations += plan.deletedRelations;
      if (plan.deleted) expected.deletedAssociations++;
      else active.push({ def: plan.def, pool });
    }
  }

  const extras = extraDeliveries(ctx, locations, active);
  sent.push(...extras.deliveries);
  expected.otherEvents = extras.otherEvents;
  expected.unclassifiedEvents = extras.unclassifiedEvents;
  expected.relations += extras.relations;
  expected.events = sent.length;

  // Manual resends and retries: the same body (same webhookId) again, minutes to hours later.
  const resent = rng.sample(sent, Math.max(3, Math.round(sent.length * 0.05)));
  for (const original of resent) sent.push({ ...original, sendAt: later(rng, original.sendAt, Math.max(original.sendAt + minute, now), 0.6) });
  expected.duplicates = resent.length;

  const target = active[0]?.def;
  if (!target) throw new Error("demo data set has no active association");
  return {
    locations,
    // Stable sort: equal times keep the order they were planned in.
    deliveries: sent.sort((a, b) => a.sendAt - b.sendAt),
    rejections: rejectedDeliveries(ctx, target, maxBodyBytes),
    expected,
  };
}
