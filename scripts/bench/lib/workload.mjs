// Live deliveries for the ingest measurement, signed with the test key like HighLevel
// signs (Ed25519 over the exact bytes, base64 in X-GHL-Signature). The mix follows a
// busy sub-account: new relations most of all, new and edited association definitions,
// some relation deletes and a few association deletes, on seeded and new subjects.
import { randomUUID } from "node:crypto";
import { createRng, objectId } from "../../../lib/seeded-random.mjs";
import { signedDelivery } from "../../lib/harness/test-keys.mjs";
import { associationBody, makeAssociation, recordId, relationBody } from "./vocab.mjs";

export function createWorkload(data, seed = 7) {
  const r = createRng(seed);
  const locations = data.locationRows.map((l) => l.locationId);
  // Active seeded definitions (their fields as stored), then the ones this run creates.
  const active = data.associationRows
    .filter((a) => a.status === "active")
    .map((a) => ({ ...a, cardinality: a.firstObjectToSecondObjectCardinality ?? "MANY_TO_MANY" }));
  const detailIndex = active.findIndex((a) => a.id === data.detailId);
  if (detailIndex >= 0) active.splice(detailIndex, 1); // its history stays exactly 1,000 events
  const fresh = [];
  const freshRelations = [];
  let created = 0;

  function next() {
    const at = Date.now();
    const webhookId = randomUUID();
    const x = r.next();
    const anyActive = () => (fresh.length && r.chance(0.3) ? r.pick(fresh) : r.pick(active));
    let body;
    if (x < 0.15) {
      const a = makeAssociation(r, r.pick(locations), 1000 + created++);
      fresh.push(a);
      body = associationBody("AssociationCreate", a, at, webhookId);
    } else if (x < 0.3) {
      body = associationBody("AssociationUpdate", anyActive(), at, webhookId, r.chance(0.3));
    } else if (x < 0.32 && fresh.length > 10) {
      const [a] = fresh.splice(r.int(0, fresh.length - 1), 1);
      body = associationBody("AssociationDelete", a, at, webhookId);
    } else if (x < 0.4 && freshRelations.length > 10) {
      const [rel] = freshRelations.splice(r.int(0, freshRelations.length - 1), 1);
      body = relationBody("RelationDelete", rel, rel.a, at, webhookId);
    } else {
      const a = anyActive();
      const rel = { id: objectId(r), a, firstRecordId: recordId(r, a.firstObjectKey, 1), secondRecordId: recordId(r, a.secondObjectKey, 2) };
      freshRelations.push(rel);
      body = relationBody("RelationCreate", rel, a, at, webhookId);
    }
    return signedDelivery(body);
  }

  /** `n` deliveries made in advance, so signing does not compete with the server during a run. */
  function prepare(n) {
    const list = new Array(n);
    for (let i = 0; i < n; i++) list[i] = next();
    let i = 0;
    let extra = 0;
    return {
      next: () => {
        if (i < n) return list[i++];
        extra++;
        return next();
      },
      get madeDuringRun() {
        return extra;
      },
    };
  }
  return { next, prepare };
}
