// The read-at-scale data set, generated in memory and consistent like the projection
// would leave it: every association and relation has the events that made it, state
// fields come from each subject's newest event, Location aggregates are the sums.
// Events are compact typed arrays (a million objects would cost ~0.5 GB); their rows
// are built batch by batch in id (= receive) order by eventRows().
import { randomBytes } from "node:crypto";
import { alphanumericId, createRng, objectId, uuid } from "../../../lib/seeded-random.mjs";
import { associationBody, makeAssociation, mirror, recordId, relationBody, userAgent } from "./vocab.mjs";

const DAY = 86_400_000;
const TYPES = ["AssociationCreate", "AssociationUpdate", "AssociationDelete", "RelationCreate", "RelationDelete"];
const RANK = [1, 2, 3, 1, 3];

export function generate(scale, nowMs = Date.now()) {
  const r = createRng(20261130);
  const L = Math.max(2, Math.round(1000 * scale));
  const A = Math.max(2 * L, Math.round(200_000 * scale));
  const R = Math.round(400_000 * scale);
  const E = Math.round(1_000_000 * scale);
  const detailEvents = Math.min(10_000, Math.floor(E / 5));
  const start = nowMs - 90 * DAY;
  const end = nowMs - 60_000;
  const between = (a, b) => Math.floor(a + r.next() * (b - a)); // whole ms, as stored

  // Locations: a few big sub-accounts and a long tail (weight ~ 1/rank^0.7).
  const locations = Array.from({ length: L }, (_, i) => ({
    locationId: alphanumericId(r),
    associations: 0,
    relations: 0,
    events: 0,
    lastEventAt: 0,
    weight: 1 / (i + 1) ** 0.7,
    n: 0,
  }));
  const cumulative = [];
  let sum = 0;
  for (const l of locations) {
    sum += l.weight;
    cumulative.push(sum);
  }
  const pickLocation = () => {
    const x = r.next() * sum;
    let lo = 0;
    let hi = L - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  // Associations: HighLevel's contact_company in every location, the rest by weight.
  const assoc = [];
  for (let i = 0; i < A; i++) {
    const li = i < L ? i : pickLocation();
    const loc = locations[li];
    const a = makeAssociation(r, loc.locationId, loc.n++);
    a.li = li;
    a.createdAt = between(start, end - DAY);
    a.deletedAt = i >= L && r.chance(0.1) ? between(a.createdAt, end) : null;
    a.relabelled = r.chance(0.3);
    assoc.push(a);
  }
  // The detail measurement's association: exactly `detailEvents` events, never deleted.
  const detail = assoc[L];
  detail.deletedAt = null;
  detail.createdAt = start + DAY;

  const rel = [];
  for (let j = 0; j < R; j++) {
    const ai = r.int(0, A - 1);
    const a = assoc[ai];
    const until = a.deletedAt ?? end;
    const createdAt = between(a.createdAt, until);
    const ownDeleteAt = r.chance(0.04) ? between(createdAt, until) : null;
    rel.push({
      id: objectId(r),
      ai,
      createdAt,
      ownDeleteAt,
      firstRecordId: recordId(r, a.firstObjectKey, a.li),
      secondRecordId: recordId(r, a.secondObjectKey, a.li + 1e6),
    });
  }

  // Events: every create and delete, then updates to reach E in total.
  const deletesA = assoc.filter((a) => a.deletedAt !== null).length;
  const deletesR = rel.filter((x) => x.ownDeleteAt !== null).length;
  const updates = Math.max(0, E - A - R - deletesA - deletesR - (detailEvents - 1));
  const total = A + R + deletesA + deletesR + updates + (detailEvents - 1);
  const at = new Float64Array(total);
  const kind = new Uint8Array(total);
  const subj = new Int32Array(total);
  const variant = new Uint8Array(total); // 1: an Update/Delete with the relabelled wording
  let k = 0;
  const push = (t, type, s, v = 0) => {
    at[k] = t;
    kind[k] = type;
    subj[k] = s;
    variant[k++] = v;
  };
  assoc.forEach((a, i) => {
    push(a.createdAt, 0, i);
    if (a.deletedAt !== null) push(a.deletedAt, 2, i, a.relabelled ? 1 : 0);
  });
  for (let n = 1; n < detailEvents; n++) push(detail.createdAt + Math.floor((n * (end - detail.createdAt)) / detailEvents), 1, L, n % 2);
  for (let n = 0; n < updates; n++) {
    let ai = r.int(0, A - 1);
    if (ai === L) ai = L + 1;
    const a = assoc[ai];
    // Before the delete: a deleted definition is not edited any more.
    push(between(a.createdAt, a.deletedAt ?? end), 1, ai, a.relabelled ? 1 : 0);
  }
  rel.forEach((x, j) => {
    push(x.createdAt, 3, j);
    if (x.ownDeleteAt !== null) push(x.ownDeleteAt, 4, j);
  });

  // Ids follow arrival: the receive time is the event time plus a delivery delay.
  const receivedAt = new Float64Array(total);
  for (let i = 0; i < total; i++) receivedAt[i] = at[i] + 50 + r.int(0, 1500);
  const order = new Int32Array(total).map((_, i) => i).sort((x, y) => receivedAt[x] - receivedAt[y]);

  for (const a of assoc) Object.assign(a, { eventCount: 0, firstSeenAt: Infinity, lastEventAt: 0, stateAt: 0, stateRank: 0, stateEventId: 0, stateVariant: 0 });
  for (const x of rel) Object.assign(x, { eventCount: 0, firstSeenAt: Infinity, lastEventAt: 0, stateAt: 0, stateRank: 0, stateEventId: 0 });
  for (let pos = 0; pos < total; pos++) {
    const i = order[pos];
    const id = pos + 1;
    const s = kind[i] < 3 ? assoc[subj[i]] : rel[subj[i]];
    const a = kind[i] < 3 ? s : assoc[s.ai];
    s.eventCount++;
    s.firstSeenAt = Math.min(s.firstSeenAt, receivedAt[i]);
    s.lastEventAt = Math.max(s.lastEventAt, at[i]);
    const rank = RANK[kind[i]];
    if (at[i] > s.stateAt || (at[i] === s.stateAt && (rank > s.stateRank || (rank === s.stateRank && id > s.stateEventId)))) {
      Object.assign(s, { stateAt: at[i], stateRank: rank, stateEventId: id, stateVariant: variant[i] });
    }
    const loc = locations[a.li];
    loc.events++;
    loc.lastEventAt = Math.max(loc.lastEventAt, at[i]);
  }
  for (const a of assoc) locations[a.li].associations++;
  for (const x of rel) locations[assoc[x.ai].li].relations++;

  const associationRows = assoc.map((a) => {
    const edited = a.eventCount > 1; // an Update or Delete carried cardinalities (a Create has none)
    return {
      id: a.id,
      key: a.key,
      associationType: a.associationType,
      firstObjectKey: a.firstObjectKey,
      firstObjectLabel: a.stateVariant ? `${a.firstObjectLabel} (primary)` : a.firstObjectLabel,
      secondObjectKey: a.secondObjectKey,
      secondObjectLabel: a.secondObjectLabel,
      firstObjectToSecondObjectCardinality: edited ? a.cardinality : null,
      secondObjectToFirstObjectCardinality: edited ? mirror(a.cardinality) : null,
      locationId: a.locationId,
      status: a.deletedAt === null ? "active" : "deleted",
      eventCount: a.eventCount,
      firstSeenAt: a.firstSeenAt,
      lastEventAt: a.lastEventAt,
      deletedAt: a.deletedAt,
      stateAt: a.stateAt,
      stateRank: a.stateRank,
      stateEventId: a.stateEventId,
    };
  });
  const relationRows = rel.map((x) => {
    const a = assoc[x.ai];
    const deletedAt = x.ownDeleteAt ?? a.deletedAt;
    return {
      id: x.id,
      associationId: a.id,
      firstObjectKey: a.firstObjectKey,
      firstRecordId: x.firstRecordId,
      secondObjectKey: a.secondObjectKey,
      secondRecordId: x.secondRecordId,
      locationId: a.locationId,
      status: deletedAt === null ? "active" : "deleted",
      eventCount: x.eventCount,
      firstSeenAt: x.firstSeenAt,
      lastEventAt: x.lastEventAt,
      deletedAt,
      stateAt: x.stateAt,
      stateRank: x.stateRank,
      stateEventId: x.stateEventId,
    };
  });

  /** Event rows in id order, `size` per batch: [id, dedupeKey, webhookId, type, kind, locationId, subjectId, associationId, eventTimestamp, occurredAt, receivedAt, lastSeenAt, duplicateCount, verification, signedForm, route, headers, rawBody, bodySize]. */
  function* eventRows(size) {
    const w = createRng(4242);
    for (let from = 0; from < total; from += size) {
      const batch = [];
      const signatures = randomBytes(64 * size).toString("base64");
      for (let pos = from; pos < Math.min(total, from + size); pos++) {
        const i = order[pos];
        const type = TYPES[kind[i]];
        const webhookId = uuid(w);
        const a = kind[i] < 3 ? assoc[subj[i]] : assoc[rel[subj[i]].ai];
        const body = kind[i] < 3 ? associationBody(type, a, at[i], webhookId, variant[i] === 1) : relationBody(type, rel[subj[i]], a, at[i], webhookId);
        const raw = Buffer.from(body, "utf8");
        const sig = `${signatures.substr((pos - from) * 85, 86)}==`; // looks like a 64-byte signature
        const headers = JSON.stringify({
          "content-type": "application/json",
          "content-length": String(raw.length),
          "user-agent": userAgent,
          "x-ghl-signature": sig,
        });
        const duplicate = w.chance(0.01);
        batch.push([
          pos + 1,
          `wh:${webhookId}`,
          webhookId,
          type,
          kind[i] < 3 ? "association" : "relation",
          a.locationId,
          kind[i] < 3 ? a.id : rel[subj[i]].id,
          a.id,
          at[i],
          at[i],
          receivedAt[i],
          duplicate ? receivedAt[i] + w.int(60_000, 3_600_000) : receivedAt[i],
          duplicate ? 1 : 0,
          "ed25519",
          "raw",
          "generic",
          headers,
          raw,
          raw.length,
        ]);
      }
      yield batch;
    }
  }

  const biggest = locations.reduce((best, l) => (l.associations > best.associations ? l : best), locations[0]);
  return {
    counts: {
      locations: L,
      associations: A,
      relations: R,
      events: total,
      deletedAssociations: deletesA,
      deletedRelations: relationRows.filter((x) => x.status === "deleted").length,
    },
    locationRows: locations.map(({ locationId, associations, relations, events, lastEventAt }) => ({
      locationId,
      associations,
      relations,
      events,
      lastEventAt,
    })),
    associationRows,
    relationRows,
    eventRows,
    detailId: detail.id,
    detailEvents,
    biggestLocation: { locationId: biggest.locationId, associations: biggest.associations },
  };
}
