// One location's association definitions and their record-level relations, as
// HighLevel would send them over two weeks: Create, then label or cardinality
// Updates, sometimes a Delete; relations created under each association, some
// removed, and all of a deleted association's relations deleted with it.
// A few deliveries arrive out of order (an Update before its Create, a relation
// after its association's Delete), which the receiver must project correctly.
import { cardinalities, mirror, type AssociationTemplate, type Cardinality } from "./catalog";
import { objectId, type Rng } from "./random";
import type { RecordPool } from "./records";
import { day, hour, later, minute } from "./timeline";
import { envelopeBody, type DemoContext, type DemoDelivery, type Signing } from "./types";

export type Definition = Record<
  "id" | "associationType" | "firstObjectKey" | "firstObjectLabel" | "secondObjectKey" | "secondObjectLabel" | "key" | "locationId",
  string
>;

export interface AssociationOutcome {
  deliveries: DemoDelivery[];
  deleted: boolean;
  relations: number;
  deletedRelations: number;
}

const history = 14 * day;

/** Most deliveries carry the current Ed25519 signature; a few the legacy RSA one. */
export const signingFor = (rng: Rng): Signing => (rng.chance(0.06) ? "rsa" : "ed25519");

function delivery(ctx: DemoContext, type: string, fields: Record<string, string>, at: number): DemoDelivery {
  return { body: envelopeBody(ctx, type, fields, at), signing: signingFor(ctx.rng), sendAt: at, expect: "accepted" };
}

/** A new relation under an association, between two records of its object types (never a record and itself). */
export function relationFields(rng: Rng, def: Definition, pool: RecordPool): Record<string, string> {
  const firstRecordId = pool.pick(def.firstObjectKey);
  let secondRecordId = pool.pick(def.secondObjectKey);
  while (secondRecordId === firstRecordId) secondRecordId = pool.pick(def.secondObjectKey);
  return {
    id: objectId(rng),
    firstObjectKey: def.firstObjectKey,
    firstRecordId,
    secondObjectKey: def.secondObjectKey,
    secondRecordId,
    associationId: def.id,
    locationId: def.locationId,
  };
}

export function planAssociation(ctx: DemoContext, locationId: string, t: AssociationTemplate, pool: RecordPool): AssociationOutcome & { def: Definition } {
  const { rng, now } = ctx;
  const def: Definition = {
    id: objectId(rng),
    associationType: t.associationType,
    firstObjectKey: t.first[0],
    firstObjectLabel: t.first[1],
    secondObjectKey: t.second[0],
    secondObjectLabel: t.second[1],
    key: t.key,
    locationId,
  };
  const createdAt = later(rng, ctx.historyStart ?? now - history, now - 2 * hour, 1.2);
  const create = delivery(ctx, "AssociationCreate", def, createdAt);
  const deliveries = [create];

  // Updates and Deletes carry the cardinalities (a Create does not).
  let fields = { ...def };
  let forward: Cardinality = t.cardinality;
  const change = (type: string, at: number) =>
    delivery(ctx, type, { ...fields, firstObjectToSecondObjectCardinality: forward, secondObjectToFirstObjectCardinality: mirror(forward) }, at);

  let last = createdAt;
  const updates = t.associationType === "SYSTEM_DEFINED" ? 0 : rng.chance(0.45) ? (rng.chance(0.35) ? 2 : 1) : 0;
  for (let u = 0; u < updates; u++) {
    last = later(rng, last, now - 5 * minute);
    if (u === 0 && t.relabel && rng.chance(0.7)) fields = { ...fields, firstObjectLabel: t.relabel };
    else if (u > 0) forward = rng.pick(cardinalities.filter((c) => c !== forward));
    deliveries.push(change("AssociationUpdate", last));
  }
  // The Create's delivery was delayed past its first Update: the Update creates the row.
  const firstUpdate = deliveries[1];
  if (firstUpdate && rng.chance(0.2)) create.sendAt = firstUpdate.sendAt + 30_000;

  const deleted = t.associationType === "USER_DEFINED" && rng.chance(0.12);
  const end = deleted ? later(rng, last, now - 2 * minute) : now - minute;
  const relations = planRelations(ctx, def, pool, createdAt, end, deleted);
  if (deleted) deliveries.push(change("AssociationDelete", end));
  return { def, deleted, deliveries: [...deliveries, ...relations.deliveries], relations: relations.count, deletedRelations: relations.deleted };
}

function planRelations(ctx: DemoContext, def: Definition, pool: RecordPool, from: number, end: number, associationDeleted: boolean) {
  const { rng, now } = ctx;
  const deliveries: DemoDelivery[] = [];
  const pairs = new Set<string>();
  let count = 0;
  let deleted = 0;
  const wanted = associationDeleted ? rng.int(1, 4) : rng.int(0, 3) + rng.int(0, 6);
  for (let n = 0; n < wanted; n++) {
    const fields = relationFields(rng, def, pool);
    const pair = `${fields.firstRecordId}|${fields.secondRecordId}`;
    if (pairs.has(pair)) continue; // HighLevel links two records once per association
    pairs.add(pair);
    const at = later(rng, from, end - 1_000, 1.4);
    const create = delivery(ctx, "RelationCreate", fields, at);
    // Delivered only after its association's Delete: it must still end up deleted.
    if (associationDeleted && n === 0 && rng.chance(0.6)) create.sendAt = Math.min(end + 10 * minute, now);
    deliveries.push(create);
    count++;
    if (associationDeleted) deleted++;
    else if (rng.chance(0.12)) {
      deliveries.push(delivery(ctx, "RelationDelete", fields, later(rng, at, now - minute)));
      deleted++;
    }
  }
  return { deliveries, count, deleted };
}
