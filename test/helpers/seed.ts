// Seeding for the read-API tests: everything goes through signed deliveries to the
// real webhook route, so the stored rows come from the whole pipeline. The specs
// returned carry the state each association must end up in, computed here from
// the events sent (not read back from the database).
import { randomUUID } from "node:crypto";
import { deliver, eventBody, type DeliverOptions, type Json } from "./http";

const seedLocations = ["location-a", "location-b", "location-c"] as const;
const objectKeys = ["contact", "custom_objects.property", "custom_objects.buyer"] as const;
const cardinalities = ["MANY_TO_MANY", "ONE_TO_MANY", "MANY_TO_ONE", "ONE_TO_ONE"] as const;
// Capitalised words with distinct spellings: binary and locale collations order them alike.
const firstLabels = [
  "Buyer",
  "Agent",
  "Tenant",
  "Owner",
  "Broker",
  "Lender",
  "Seller",
  "Investor",
  "Renter",
  "Inspector",
  "Builder",
  "Vendor",
  "Partner",
  "Manager",
];
const secondLabels = ["Property", "Listing", "Unit", "Parcel", "Deal", "Offer", "Lease", "Home", "Lot", "Building", "Tower", "Office", "Yard", "Shop"];

/** The list item at i, cycling. */
function nth<T>(list: readonly T[], i: number): T {
  const item = list[i % list.length];
  if (item === undefined) throw new Error("empty list");
  return item;
}

const base = Date.parse("2026-01-10T00:00:00.000Z");
const hour = 3_600_000;

/** The API row an association must end up as (firstSeenAt is the receive time, not known here). */
export interface AssociationSpec {
  id: string;
  key: string;
  associationType: string;
  firstObjectKey: string;
  firstObjectLabel: string;
  secondObjectKey: string;
  secondObjectLabel: string;
  firstObjectToSecondObjectCardinality: string | null;
  secondObjectToFirstObjectCardinality: string | null;
  locationId: string;
  status: "active" | "deleted";
  eventCount: number;
  lastEventAt: string;
  deletedAt: string | null;
}

export const iso = (ms: number) => new Date(ms).toISOString();

/** Delivers a signed body and fails loudly unless it was stored (or counted as a duplicate). */
export async function deliverOk(body: string, options?: DeliverOptions): Promise<Json> {
  const res = await deliver(body, options);
  if (res.status !== 200) throw new Error(`delivery refused (${res.status}): ${JSON.stringify(res.body)} for ${body}`);
  return res.body;
}

/** A HighLevel-style body with the envelope fields real deliveries carry. */
export function envelopeBody(type: string | null, fields: Record<string, unknown>, at?: number): string {
  return eventBody({
    ...(type ? { type } : {}),
    ...fields,
    ...(at === undefined ? {} : { timestamp: iso(at) }),
    webhookId: randomUUID(),
  });
}

function definition(s: AssociationSpec) {
  const { id, key, associationType, firstObjectKey, firstObjectLabel, secondObjectKey, secondObjectLabel, locationId } = s;
  return { id, key, associationType, firstObjectKey, firstObjectLabel, secondObjectKey, secondObjectLabel, locationId };
}

/** Sends Create (+ Update/s, + Delete as the spec's shape says) for one association. */
export async function deliverAssociation(
  s: Omit<AssociationSpec, "eventCount" | "lastEventAt" | "deletedAt" | "status">,
  { at, updates = 0, deleted = false }: { at: number; updates?: number; deleted?: boolean },
): Promise<AssociationSpec> {
  const fields = definition({ ...s, status: "active", eventCount: 0, lastEventAt: "", deletedAt: null });
  const cards = {
    firstObjectToSecondObjectCardinality: s.firstObjectToSecondObjectCardinality ?? "MANY_TO_MANY",
    secondObjectToFirstObjectCardinality: s.secondObjectToFirstObjectCardinality ?? "MANY_TO_MANY",
  };
  let last = at;
  await deliverOk(envelopeBody("AssociationCreate", fields, at));
  for (let u = 1; u <= updates; u++) {
    last = at + u * 10 * 60_000;
    await deliverOk(envelopeBody("AssociationUpdate", { ...fields, ...cards }, last));
  }
  if (deleted) {
    last += 5 * 60_000;
    await deliverOk(envelopeBody("AssociationDelete", { ...fields, ...cards }, last));
  }
  const carriesCards = updates > 0 || deleted;
  return {
    ...s,
    firstObjectToSecondObjectCardinality: carriesCards ? cards.firstObjectToSecondObjectCardinality : null,
    secondObjectToFirstObjectCardinality: carriesCards ? cards.secondObjectToFirstObjectCardinality : null,
    status: deleted ? "deleted" : "active",
    eventCount: 1 + updates + (deleted ? 1 : 0),
    lastEventAt: iso(last),
    deletedAt: deleted ? iso(last) : null,
  };
}

/**
 * Seeds `n` (≤ 14) associations across three locations. Ids, keys, labels and
 * timestamps follow different permutations, so no sort key orders the rows like
 * another; some share a timestamp (ties broken by id), some have no cardinalities
 * (null), some were updated or deleted (eventCount 1–3).
 */
export async function seedAssociations(n = 14): Promise<AssociationSpec[]> {
  const specs: AssociationSpec[] = [];
  for (let i = 0; i < n; i++) {
    const idRank = (i * 5 + 3) % 14;
    const updates = i % 4 === 1 ? 2 : i % 2 === 1 ? 1 : 0;
    const deleted = i % 5 === 4;
    const carriesCards = updates > 0 || deleted;
    specs.push(
      await deliverAssociation(
        {
          id: `65f0a1b2c3d4e5f6a7b8c9${String(idRank).padStart(2, "0")}`,
          key: `assoc_${String.fromCharCode(97 + ((i * 3 + 1) % 14))}${i % 2 ? "_buyer" : ""}`,
          associationType: i % 4 === 0 ? "SYSTEM_DEFINED" : "USER_DEFINED",
          firstObjectKey: nth(objectKeys, i),
          firstObjectLabel: nth(firstLabels, i * 9 + 2),
          secondObjectKey: nth(objectKeys, i + 1),
          secondObjectLabel: nth(secondLabels, i * 11 + 5),
          firstObjectToSecondObjectCardinality: carriesCards ? nth(cardinalities, i) : null,
          secondObjectToFirstObjectCardinality: carriesCards ? nth(cardinalities, i + 2) : null,
          locationId: nth(seedLocations, i),
        },
        // Hours 0..11 with two repeats: same-timestamp rows exercise the id tie-break.
        { at: base + (((i * 11 + 4) % 14) % 12) * hour, updates, deleted },
      ),
    );
  }
  return specs;
}

export const seedBase = base;
export const seedHour = hour;
