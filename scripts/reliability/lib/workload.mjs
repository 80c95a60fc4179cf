// Realistic HighLevel association traffic and, independently of the app's code, the
// state it must produce.
//
// Deliveries are flat bodies like HighLevel's (type, event fields, appId, versionId,
// timestamp, webhookId), compact JSON, Ed25519-signed with the test key. Each
// association lives a plausible life in HighLevel time (Create, a few Updates that
// relabel it or change its cardinalities, relations created and deleted under it,
// sometimes a Delete); a few deliveries are other event types. The send order is
// mostly chronological with disorder (some Updates before their Create, older
// timestamps after newer), and a share of the sends are re-sends of earlier
// deliveries (same webhookId, same bytes), some of them right behind the original.
import { alphanumericId, createRng, drawAlphanumerics, drawHex, uuid } from "../../../lib/seeded-random.mjs";
import { signedDelivery } from "../../lib/harness/test-keys.mjs";

const objectPairs = [
  ["contact", "custom_objects.property", ["Buyer", "Owner", "Tenant", "Propriétaire"], ["Property", "Listing", "Unit"]],
  ["contact", "contact", ["Referrer", "Parent", "Manager"], ["Referral", "Child", "Report"]],
  ["contact", "custom_objects.pet", ["Owner", "Vet", "Sitter 🐾"], ["Pet", "Patient"]],
  ["custom_objects.property", "custom_objects.inspection", ["Property"], ["Inspection", "Appraisal"]],
  ["contact", "company", ["Employee", "Primary contact", "担当者"], ["Employer", "Account"]],
  ["custom_objects.vehicle", "contact", ["Vehicle"], ["Driver", "Co-signer"]],
];
const cardinalities = ["ONE_TO_ONE", "ONE_TO_MANY", "MANY_TO_ONE", "MANY_TO_MANY"];
const otherTypes = ["ContactCreate", "OpportunityStatusUpdate", "NoteCreate"];

function isoOf(ms) {
  return new Date(ms).toISOString();
}

/**
 * @param {object} o
 * @param {number} o.sends total number of sends (distinct deliveries + re-sends)
 * @param {number} [o.resendShare] share of the sends that are re-sends (0.1)
 */
export function makeWorkload({ sends: totalSends, seed = 20261130, locations: locationCount = 8, resendShare = 0.1, pathShare = 0.2, otherShare = 0.01 }) {
  const r = createRng(seed);
  const resends = Math.round(totalSends * resendShare);
  const distinct = totalSends - resends;
  const appId = drawHex(r, 24);
  const versionId = drawHex(r, 24);
  const locations = Array.from({ length: locationCount }, () => alphanumericId(r));
  // HighLevel time: the last few hours, so nothing counts as old anywhere.
  const start = Date.now() - 6 * 3600_000;

  /** @type {Array<{fields: object, type: string, kind: string, subjectId: string, associationId: string|null, locationId: string, ts: number}>} */
  const events = [];
  const add = (type, kind, fields, ts) =>
    events.push({
      type,
      kind,
      fields,
      ts,
      subjectId: fields.id,
      associationId: kind === "relation" ? fields.associationId : kind === "association" ? fields.id : null,
      locationId: fields.locationId,
    });

  let associationCount = 0;
  while (events.length < distinct) {
    if (r.chance(otherShare * 3)) {
      const locationId = r.pick(locations);
      add(r.pick(otherTypes), "other", { id: alphanumericId(r), locationId }, start + r.int(0, 5 * 3600_000));
      continue;
    }
    associationCount++;
    const [firstObjectKey, secondObjectKey, firstLabels, secondLabels] = r.pick(objectPairs);
    const locationId = r.pick(locations);
    const id = drawHex(r, 24);
    const system = firstObjectKey === "contact" && secondObjectKey === "company";
    let state = {
      id,
      associationType: system ? "SYSTEM_DEFINED" : "USER_DEFINED",
      firstObjectKey,
      firstObjectLabel: r.pick(firstLabels),
      secondObjectKey,
      secondObjectLabel: r.pick(secondLabels),
      key: `${firstObjectKey.replace("custom_objects.", "")}_${secondObjectKey.replace("custom_objects.", "")}_${drawAlphanumerics(r, 5).toLowerCase()}`,
      locationId,
    };
    let t = start + r.int(0, 4 * 3600_000);
    const created = t;
    add("AssociationCreate", "association", { ...state }, t);
    let card = [r.pick(cardinalities), r.pick(cardinalities)];
    const updates = r.int(0, 3);
    for (let u = 0; u < updates; u++) {
      t += r.int(1_000, 600_000);
      if (r.chance(0.6)) state = { ...state, firstObjectLabel: `${r.pick(firstLabels)} ${u + 2}` };
      if (r.chance(0.4)) state = { ...state, secondObjectLabel: r.pick(secondLabels) };
      if (r.chance(0.5)) card = [r.pick(cardinalities), r.pick(cardinalities)];
      add("AssociationUpdate", "association", { ...state, firstObjectToSecondObjectCardinality: card[0], secondObjectToFirstObjectCardinality: card[1] }, t);
    }
    const relations = r.int(0, 10);
    let lastRelationTs = t;
    for (let k = 0; k < relations; k++) {
      const relation = {
        id: drawHex(r, 24),
        firstObjectKey,
        firstRecordId: alphanumericId(r),
        secondObjectKey,
        secondRecordId: alphanumericId(r),
        associationId: id,
        locationId,
      };
      const ct = created + r.int(1_000, 3600_000);
      add("RelationCreate", "relation", relation, ct);
      lastRelationTs = Math.max(lastRelationTs, ct);
      if (r.chance(0.3)) {
        const dt = ct + r.int(1_000, 1800_000);
        add("RelationDelete", "relation", relation, dt);
        lastRelationTs = Math.max(lastRelationTs, dt);
      }
    }
    if (r.chance(0.12)) {
      // Sometimes before some of its relations' events (they are deleted with it).
      const dt = t + r.int(1_000, Math.max(2_000, lastRelationTs - t + 600_000));
      add("AssociationDelete", "association", { ...state, firstObjectToSecondObjectCardinality: card[0], secondObjectToFirstObjectCardinality: card[1] }, dt);
    }
  }
  events.length = distinct;

  // Bodies, signatures and URLs.
  const deliveries = events.map((e, idx) => {
    const webhookId = uuid(r);
    const body = { type: e.type, ...e.fields, appId, versionId, timestamp: isoOf(e.ts), webhookId };
    const path = r.chance(pathShare) ? `/api/webhooks/highlevel/${e.type}` : "/api/webhooks/highlevel";
    return { idx, ...e, webhookId, ...signedDelivery(JSON.stringify(body)), path };
  });

  // Send order: chronological with disorder.
  const byTime = deliveries.map((d) => d.idx).sort((a, b) => deliveries[a].ts - deliveries[b].ts);
  const keyOf = new Float64Array(distinct);
  byTime.forEach((idx, pos) => {
    const roll = r.next();
    const jitter = roll < 0.8 ? r.next() * 3 : roll < 0.95 ? (r.next() - 0.5) * 400 : (r.next() - 0.5) * 4000;
    keyOf[idx] = pos + jitter;
  });
  // Explicitly: some associations' first Update goes out before their Create.
  const createOf = new Map();
  for (const d of deliveries) if (d.type === "AssociationCreate") createOf.set(d.subjectId, d.idx);
  const swapped = new Set();
  for (const d of deliveries) {
    if (d.type !== "AssociationUpdate" || swapped.has(d.subjectId) || !r.chance(0.15)) continue;
    const c = createOf.get(d.subjectId);
    if (c === undefined) continue;
    swapped.add(d.subjectId);
    if (keyOf[d.idx] > keyOf[c]) [keyOf[d.idx], keyOf[c]] = [keyOf[c], keyOf[d.idx]];
  }
  const firstSends = deliveries.map((d) => d.idx).sort((a, b) => keyOf[a] - keyOf[b]);
  // Re-sends: after their original, some right behind it (in flight together).
  const entries = firstSends.map((idx, pos) => ({ idx, key: pos }));
  for (let i = 0; i < resends; i++) {
    const pos = r.int(0, distinct - 1);
    const gap = r.chance(0.25) ? r.next() * 2 : 1 + r.next() * 400;
    entries.push({ idx: firstSends[pos], key: pos + gap });
  }
  entries.sort((a, b) => a.key - b.key);
  const order = entries.map((e) => e.idx);

  // How disordered is it? (first sends only)
  const newestSent = new Map();
  const seen = new Set();
  let olderAfterNewer = 0;
  let changeBeforeCreate = 0;
  const createdSubjects = new Set();
  for (const idx of order) {
    if (seen.has(idx)) continue;
    seen.add(idx);
    const d = deliveries[idx];
    if (d.kind === "other") continue;
    const key = `${d.kind}:${d.subjectId}`;
    if ((newestSent.get(key) ?? -Infinity) > d.ts) olderAfterNewer++;
    newestSent.set(key, Math.max(newestSent.get(key) ?? -Infinity, d.ts));
    if (d.type === "AssociationCreate") createdSubjects.add(d.subjectId);
    else if (d.kind === "association" && !createdSubjects.has(d.subjectId) && createOf.has(d.subjectId)) changeBeforeCreate++;
  }

  return {
    deliveries,
    order,
    stats: {
      sends: order.length,
      distinct,
      resends,
      associations: associationCount,
      relations: new Set(deliveries.filter((d) => d.kind === "relation").map((d) => d.subjectId)).size,
      other: deliveries.filter((d) => d.kind === "other").length,
      locations: locationCount,
      viaEventUrl: deliveries.filter((d) => d.path !== "/api/webhooks/highlevel").length,
      olderAfterNewer,
      changeBeforeCreate,
    },
  };
}

/**
 * The state the stored deliveries must project to, computed from the deliveries
 * alone (a model independent of lib/projection.ts):
 * - an association's fields are those of its newest event (each association's Create
 *   is its oldest event here, so the newest one always carries every field, except
 *   when the Create is its only event: then no cardinalities);
 * - deleted iff it has a Delete; deletedAt = the earliest Delete; eventCount = its
 *   stored events; lastEventAt = its newest event time;
 * - a relation is deleted iff it has a RelationDelete or its association has a
 *   Delete; deletedAt = the earliest of those;
 * - per location: associations, relations, events and the newest event time.
 */
export function expectedState(deliveries) {
  const associations = new Map();
  const relations = new Map();
  const locations = new Map();
  const assocDeleteAt = new Map();
  for (const d of deliveries) {
    const loc = locations.get(d.locationId) ?? { associations: new Set(), relations: new Set(), events: 0, lastEventAt: -Infinity };
    locations.set(d.locationId, loc);
    loc.events++;
    loc.lastEventAt = Math.max(loc.lastEventAt, d.ts);
    if (d.kind === "association") {
      loc.associations.add(d.subjectId);
      const a = associations.get(d.subjectId) ?? { newest: null, eventCount: 0, deletedAt: null, lastEventAt: -Infinity };
      associations.set(d.subjectId, a);
      a.eventCount++;
      a.lastEventAt = Math.max(a.lastEventAt, d.ts);
      if (!a.newest || d.ts > a.newest.ts) a.newest = d;
      if (d.type === "AssociationDelete") {
        a.deletedAt = a.deletedAt === null ? d.ts : Math.min(a.deletedAt, d.ts);
        assocDeleteAt.set(d.subjectId, a.deletedAt);
      }
    } else if (d.kind === "relation") {
      loc.relations.add(d.subjectId);
      const x = relations.get(d.subjectId) ?? { fields: d.fields, eventCount: 0, ownDeleteAt: null, lastEventAt: -Infinity };
      relations.set(d.subjectId, x);
      x.eventCount++;
      x.lastEventAt = Math.max(x.lastEventAt, d.ts);
      if (d.type === "RelationDelete") x.ownDeleteAt = x.ownDeleteAt === null ? d.ts : Math.min(x.ownDeleteAt, d.ts);
    }
  }
  const out = { associations: new Map(), relations: new Map(), locations: new Map() };
  for (const [id, a] of associations) {
    const f = a.newest.fields;
    out.associations.set(id, {
      id,
      key: f.key,
      associationType: f.associationType,
      firstObjectKey: f.firstObjectKey,
      firstObjectLabel: f.firstObjectLabel,
      secondObjectKey: f.secondObjectKey,
      secondObjectLabel: f.secondObjectLabel,
      firstObjectToSecondObjectCardinality: f.firstObjectToSecondObjectCardinality ?? null,
      secondObjectToFirstObjectCardinality: f.secondObjectToFirstObjectCardinality ?? null,
      locationId: f.locationId,
      status: a.deletedAt === null ? "active" : "deleted",
      eventCount: a.eventCount,
      lastEventAt: isoOf(a.lastEventAt),
      deletedAt: a.deletedAt === null ? null : isoOf(a.deletedAt),
    });
  }
  for (const [id, x] of relations) {
    const cascade = assocDeleteAt.get(x.fields.associationId) ?? null;
    const candidates = [x.ownDeleteAt, cascade].filter((v) => v !== null);
    const deletedAt = candidates.length ? Math.min(...candidates) : null;
    out.relations.set(id, {
      id,
      associationId: x.fields.associationId,
      firstObjectKey: x.fields.firstObjectKey,
      firstRecordId: x.fields.firstRecordId,
      secondObjectKey: x.fields.secondObjectKey,
      secondRecordId: x.fields.secondRecordId,
      locationId: x.fields.locationId,
      status: deletedAt === null ? "active" : "deleted",
      eventCount: x.eventCount,
      lastEventAt: isoOf(x.lastEventAt),
      deletedAt: deletedAt === null ? null : isoOf(deletedAt),
    });
  }
  for (const [id, l] of locations) {
    out.locations.set(id, {
      locationId: id,
      associations: l.associations.size,
      relations: l.relations.size,
      events: l.events,
      lastEventAt: isoOf(l.lastEventAt),
    });
  }
  return out;
}

export function describeWorkload(report, stats) {
  report.measure(
    "workload",
    `${stats.sends} sends = ${stats.distinct} distinct deliveries + ${stats.resends} re-sends (same webhookId and bytes); ` +
      `${stats.associations} associations, ${stats.relations} relations, ${stats.other} other-type events, ${stats.locations} locations; ` +
      `${stats.viaEventUrl} via per-event URLs; out of order: ${stats.olderAfterNewer} older-after-newer, ${stats.changeBeforeCreate} Update/Delete before Create`,
  );
}
