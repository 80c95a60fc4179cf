// Deliveries beside the association stream, so every kind of stored event shows
// up: other HighLevel events (stored, not projected), a body without `type`
// (stored as unclassified), and bodies shaped exactly like HighLevel's docs
// examples (pretty-printed, no envelope) sent to the per-event URLs.
import { relationFields, signingFor, type Definition } from "./associations";
import { alphanumericId, uuid } from "./random";
import type { RecordPool } from "./records";
import { day, later, minute } from "./timeline";
import { envelopeBody, type DemoContext, type DemoDelivery } from "./types";

const firstNames = ["Maria", "James", "Aisha", "Daniel", "Sofia", "Kenji", "Olivia", "Lucas"];
const lastNames = ["Garcia", "Smith", "Okafor", "Novak", "Rossi", "Tanaka", "Brown", "Silva"];

export interface ActiveAssociation {
  def: Definition;
  pool: RecordPool;
}

function otherEvents(ctx: DemoContext, locations: readonly string[]): DemoDelivery[] {
  const { rng, now } = ctx;
  const out: DemoDelivery[] = [];
  for (let i = 0; i < 3; i++) {
    const at = later(rng, now - 3 * day, now - minute);
    const first = rng.pick(firstNames);
    const last = rng.pick(lastNames);
    const fields = {
      id: alphanumericId(rng),
      locationId: rng.pick(locations),
      firstName: first,
      lastName: last,
      email: `${first}.${last}@example.com`.toLowerCase(),
      dateAdded: new Date(at - 2_000).toISOString(),
    };
    out.push({ body: envelopeBody(ctx, "ContactCreate", fields, at), signing: "ed25519", sendAt: at, expect: "accepted" });
  }
  const at = later(rng, now - 5 * day, now - minute);
  const opportunity = {
    id: alphanumericId(rng),
    locationId: rng.pick(locations),
    name: "Website redesign",
    status: "open",
    contactId: alphanumericId(rng),
    pipelineId: alphanumericId(rng),
    pipelineStageId: uuid(rng),
  };
  out.push({ body: envelopeBody(ctx, "OpportunityCreate", opportunity, at), signing: "ed25519", sendAt: at, expect: "accepted" });
  return out;
}

/** Pretty-printed like the docs, no type/timestamp/webhookId: the receiver dedupes these by their bytes. */
const docsStyle = (fields: Record<string, string>) => JSON.stringify(fields, null, 2);

export function extraDeliveries(ctx: DemoContext, locations: readonly string[], active: readonly ActiveAssociation[]) {
  const { rng, now } = ctx;
  const deliveries = otherEvents(ctx, locations);
  const others = deliveries.length;
  const chosen = rng.sample(active, 4);
  const [unclassified, ...perEvent] = chosen.map(({ def, pool }) => relationFields(rng, def, pool));
  // No `type` and the generic URL: the receiver cannot tell Create from Delete, so it keeps it as unclassified.
  if (unclassified) deliveries.push({ body: docsStyle(unclassified), signing: "ed25519", sendAt: now - 40 * minute, expect: "accepted" });
  perEvent.forEach((fields, i) => {
    deliveries.push({
      body: docsStyle(fields),
      pathType: "RelationCreate",
      // One signed over the compact form, as HighLevel's SDK does: verified by the fallback check.
      signing: i === 0 ? "ed25519-json" : signingFor(rng),
      sendAt: now - (20 - i) * minute,
      expect: "accepted",
    });
  });
  return { deliveries, otherEvents: others, unclassifiedEvents: unclassified ? 1 : 0, relations: perEvent.length };
}
