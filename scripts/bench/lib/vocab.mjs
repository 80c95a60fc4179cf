// Realistic values for generated data: HighLevel-shaped ids, object keys, labels and
// association keys, and the delivery bodies (with the envelope real deliveries carry),
// shared by the bulk seed and the ingest load. Ids: lib/seeded-random.mjs.
import { alphanumericId, createRng, objectId } from "../../../lib/seeded-random.mjs";

// Object types with the labels users give their side of an association.
const objects = [
  [
    "contact",
    [
      "Contact",
      "Parent",
      "Child",
      "Spouse",
      "Referrer",
      "Owner",
      "Tenant",
      "Agent",
      "Student",
      "Patient",
      "Driver",
      "Beneficiary",
      "Employee",
      "Team Member",
      "Instructor",
    ],
  ],
  ["company", ["Company", "Employer", "Client", "Vendor", "Customer", "Partner Firm"]],
  ["opportunity", ["Opportunity", "Deal", "Open Deal"]],
  ["custom_objects.property", ["Property", "Listing", "Owned Property", "Rented Property", "Home"]],
  ["custom_objects.real_estate_buyer", ["Interested Buyer", "Buyer Profile", "Cash Buyer", "First-time Buyer"]],
  ["custom_objects.pet", ["Pet", "Patient Pet", "Rescue"]],
  ["custom_objects.insurance_policy", ["Policy", "Auto Policy", "Life Policy"]],
  ["custom_objects.vehicle", ["Vehicle", "Fleet Vehicle", "Trade-in"]],
  ["custom_objects.course", ["Course", "Enrolled Course", "Workshop"]],
  ["custom_objects.project", ["Project", "Renovation", "Build"]],
  ["custom_objects.appointment", ["Appointment", "Consultation", "Showing"]],
  ["custom_objects.invoice", ["Invoice", "Open Invoice"]],
  ["custom_objects.ticket", ["Ticket", "Support Case"]],
  ["custom_objects.membership", ["Membership", "Gym Membership", "Plan"]],
];
const cardinalities = ["ONE_TO_ONE", "ONE_TO_MANY", "MANY_TO_ONE", "MANY_TO_MANY"];
export const mirror = (c) => (c === "ONE_TO_MANY" ? "MANY_TO_ONE" : c === "MANY_TO_ONE" ? "ONE_TO_MANY" : c);
const snake = (s) => s.toLowerCase().replace(/[^a-z0-9]+/g, "_");

/** A new association definition in a location; `n` keeps keys unique within the location. */
export function makeAssociation(r, locationId, n) {
  if (n === 0) {
    // HighLevel's own definition, present in every location with companies.
    return {
      id: objectId(r),
      key: "contact_company",
      associationType: "SYSTEM_DEFINED",
      firstObjectKey: "contact",
      firstObjectLabel: "Contact",
      secondObjectKey: "company",
      secondObjectLabel: "Company",
      cardinality: "MANY_TO_ONE",
      locationId,
    };
  }
  const [firstObjectKey, firstLabels] = r.chance(0.6) ? objects[0] : r.pick(objects);
  const [secondObjectKey, secondLabels] = r.pick(objects);
  const firstObjectLabel = r.pick(firstLabels);
  const secondObjectLabel = r.pick(secondLabels);
  const key = `${snake(firstObjectLabel)}_${snake(secondObjectLabel)}${n > 30 ? `_${n}` : ""}`;
  return {
    id: objectId(r),
    key,
    associationType: "USER_DEFINED",
    firstObjectKey,
    firstObjectLabel,
    secondObjectKey,
    secondObjectLabel,
    cardinality: r.pick(cardinalities),
    locationId,
  };
}

/** A record id of an object type, from a per-location pool so records recur across relations. */
export function recordId(r, objectKey, poolSeed) {
  const slot = r.int(0, objectKey === "contact" ? 4000 : 600);
  const local = createRng(poolSeed * 7919 + slot * 31 + objectKey.length);
  return objectKey === "contact" || objectKey === "company" || objectKey === "opportunity" ? alphanumericId(local) : objectId(local);
}

const envelope = { appId: "66f1a2b3c4d5e6f7a8b9c0d2" };

/** Association event body: cardinalities on Update and Delete only (a Create has none); `relabel` is an Update's new wording. */
export function associationBody(type, a, at, webhookId, relabel = false) {
  const card =
    type === "AssociationCreate" ? {} : { firstObjectToSecondObjectCardinality: a.cardinality, secondObjectToFirstObjectCardinality: mirror(a.cardinality) };
  return JSON.stringify({
    type,
    locationId: a.locationId,
    ...envelope,
    id: a.id,
    associationType: a.associationType,
    firstObjectKey: a.firstObjectKey,
    firstObjectLabel: relabel ? `${a.firstObjectLabel} (primary)` : a.firstObjectLabel,
    secondObjectKey: a.secondObjectKey,
    secondObjectLabel: a.secondObjectLabel,
    key: a.key,
    ...card,
    timestamp: new Date(at).toISOString(),
    webhookId,
  });
}

export function relationBody(type, rel, a, at, webhookId) {
  return JSON.stringify({
    type,
    locationId: a.locationId,
    ...envelope,
    id: rel.id,
    associationId: a.id,
    firstObjectKey: a.firstObjectKey,
    firstRecordId: rel.firstRecordId,
    secondObjectKey: a.secondObjectKey,
    secondRecordId: rel.secondRecordId,
    timestamp: new Date(at).toISOString(),
    webhookId,
  });
}

export const userAgent = "HighLevel-Webhooks/1.0 (association-monitor bench; not from HighLevel)";
