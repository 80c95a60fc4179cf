// GET /api/associations/{id}?at=… / ?afterEvent=…: the state as it was, replayed from
// the log. Property: for random event sequences (late, tied, timestamp-less, deleted,
// relations cascading, reconciled) and random cuts, the answer equals folding exactly
// the events inside the cut with lib/projection by hand; with no cut it equals the
// projector's row. Examples: labels over time, ties, before the first event, bad
// parameters, relations with the cascade, reconciled events.
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as oneRoute } from "@/app/api/associations/[id]/route";
import { eventRank, type AssociationPayload, type RelationPayload } from "@/lib/domain/events";
import {
  cascadeAssociationDelete,
  compareOrder,
  projectAssociation,
  projectRelation,
  type AssociationState,
  type OrderKey,
  type RelationState,
} from "@/lib/projection";
import { appendBatch } from "@/lib/queries/append";
import { notifyAppend } from "@/lib/queries/append-signal";
import { deliverAt } from "./helpers/backdated";
import { clearDatabase } from "./helpers/db";
import { get, type Json } from "./helpers/http";
import { settleProjection } from "./helpers/projection";

const minute = 60_000;
const base = Date.parse("2026-03-01T12:00:00.000Z");
const T = (m: number) => new Date(base + m * minute);
const iso = (m: number) => T(m).toISOString();
const LOC = "loc-state-at";

const one = (id: string, query = "") => get(oneRoute, `/api/associations/${encodeURIComponent(id)}${query}`, { params: Promise.resolve({ id }) });

function association(id: string, label: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    key: `key_${id}`,
    associationType: "USER_DEFINED",
    firstObjectKey: "contact",
    firstObjectLabel: label,
    secondObjectKey: "custom_objects.property",
    secondObjectLabel: "Property",
    locationId: LOC,
    ...extra,
  };
}
const cards = (c: string) => ({ firstObjectToSecondObjectCardinality: c, secondObjectToFirstObjectCardinality: c });
function relation(id: string, associationId: string, record = "c1") {
  return {
    id,
    associationId,
    locationId: LOC,
    firstObjectKey: "contact",
    firstRecordId: record,
    secondObjectKey: "custom_objects.property",
    secondRecordId: `p-${record}`,
  };
}

/** A signed delivery received at `receivedMinute`, with the body timestamp at `eventMinute` (none when null). */
async function send(type: string, fields: Record<string, unknown>, eventMinute: number | null, receivedMinute = eventMinute ?? 0): Promise<number> {
  const body = { type, ...fields, ...(eventMinute === null ? {} : { timestamp: iso(eventMinute) }), webhookId: randomUUID() };
  const res = await deliverAt(body, T(receivedMinute), { settle: false });
  if (res.status !== 200 || res.eventId === undefined) throw new Error(`not stored: ${res.status}`);
  return res.eventId;
}

/** A synthetic event as reconciliation appends it (lib/reconcile/apply.ts): verification "reconciled", no webhookId. */
async function appendReconciled(type: "AssociationUpdate" | "AssociationCreate", fields: Record<string, unknown>, m: number): Promise<number> {
  const body = { type, ...fields, timestamp: iso(m), reconciliation: { runId: 1, findingId: 1, kind: "test" } };
  const [result] = await appendBatch([
    {
      dedupeKey: `reconcile:test-${randomUUID()}`,
      webhookId: null,
      locationId: LOC,
      subjectId: String(fields.id),
      associationId: String(fields.id),
      eventTimestamp: T(m),
      receivedAt: T(m),
      verification: "reconciled",
      signedForm: null,
      route: "reconcile",
      headers: {},
      rawBody: new Uint8Array(Buffer.from(JSON.stringify(body), "utf8")),
      received: null,
      kind: "association",
      type,
      rank: eventRank(type),
      isDelete: false,
      payload: body as unknown as AssociationPayload,
    },
  ]);
  notifyAppend();
  if (!result) throw new Error("not appended");
  return result.eventId;
}

const stateOf = (body: Json) => {
  const { history: _h, historyPage: _p, asOf: _a, relations: _r, locationName: _n, ...row } = body.data;
  return row;
};

describe("state at a time: examples", () => {
  const id = "st-labels";
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    await clearDatabase();
    // Delivered out of order: the newest first, the Create last; each received 30 minutes after its event time.
    ids.update2 = await send("AssociationUpdate", { ...association(id, "Gamma"), ...cards("ONE_TO_ONE") }, 20, 50);
    ids.update1 = await send("AssociationUpdate", { ...association(id, "Beta"), ...cards("MANY_TO_MANY") }, 10, 40);
    ids.create = await send("AssociationCreate", association(id, "Alpha"), 0, 60);
    await settleProjection();
  });

  it("shows the labels as they were at each time, by event time, with the cut time inclusive", async () => {
    const label = async (q: string) => (await one(id, q)).body.data.firstObjectLabel;
    expect(await label(`?at=${iso(5)}`)).toBe("Alpha");
    expect(await label(`?at=${iso(10)}`)).toBe("Beta");
    expect(await label(`?at=${iso(19)}`)).toBe("Beta");
    expect(await label(`?at=${iso(20)}`)).toBe("Gamma");
    const res = await one(id, `?at=${iso(15)}`);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      id,
      status: "active",
      eventCount: 2,
      lastEventAt: iso(10),
      firstSeenAt: iso(40),
      ...cards("MANY_TO_MANY"),
      asOf: { basis: "event", at: iso(15), afterEvent: null, associationEvents: 2, relationEvents: 0 },
      relations: [],
    });
    // The history page is the whole log, as without a cut.
    expect(res.body.data.history.map((h: Json) => h.eventId)).toEqual([ids.create, ids.update1, ids.update2]);
  });

  it("by receive time shows what the monitor knew then: before the late Create arrived, the Updates alone", async () => {
    const res = await one(id, `?at=${iso(45)}&basis=received`);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ firstObjectLabel: "Beta", eventCount: 1, asOf: { basis: "received", at: iso(45) } });
    expect((await one(id, `?at=${iso(55)}&basis=received`)).body.data).toMatchObject({ firstObjectLabel: "Gamma", eventCount: 2 });
    const before = await one(id, `?at=${iso(30)}&basis=received`);
    expect(before.status).toBe(404);
    expect(before.body.error.details).toEqual({ reason: "before_first_event", basis: "received", firstEventAt: iso(40), firstEventId: ids.update1 });
  });

  it("answers 404 with the first event's time before the association's first event", async () => {
    const res = await one(id, `?at=${iso(-1)}`);
    expect(res.status).toBe(404);
    expect(res.body.error).toEqual({
      code: "not_found",
      message: `Association has no state before its first event (event time ${iso(0)})`,
      details: { reason: "before_first_event", basis: "event", firstEventAt: iso(0), firstEventId: ids.create },
    });
    expect((await one("st-never-seen", `?at=${iso(5)}`)).body.error).toEqual({ code: "not_found", message: "Association not found" });
  });

  it("with a cut after every event equals the projector's current row", async () => {
    const now = await one(id);
    const late = await one(id, `?at=2030-01-01`);
    expect(stateOf(late.body)).toEqual(stateOf(now.body));
    const byReceive = await one(id, `?at=2030-01-01T00:00:00Z&basis=received`);
    expect(stateOf(byReceive.body)).toEqual(stateOf(now.body));
  });

  it.each([
    ["at=yesterday", "at"],
    ["at=2026-13-01", "at"],
    ["at=2026-02-31T00:00:00Z", "at"],
    ["at=1700000000", "at"],
    ["at=2026-03-01T12:00:00Z&basis=arrival", "basis"],
    ["afterEvent=abc", "afterEvent"],
    ["afterEvent=0", "afterEvent"],
    ["afterEvent=99999999999", "afterEvent"],
    [`at=${iso(1)}&afterEvent=1`, "afterEvent"],
  ])("refuses %s with a 400 naming %s", async (query, path) => {
    const res = await one(id, `?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("invalid_query");
    expect(res.body.error.details.map((d: Json) => d.path)).toContain(path);
  });

  it("gives each history entry its previous delivery for 'Compare with previous', also across pages", async () => {
    const whole = (await one(id)).body.data.history;
    expect(whole.map((h: Json) => h.previousEventId)).toEqual([ids.update1, ids.update2, null]);
    const first = (await one(id, "?limit=1")).body.data;
    expect(first.history.map((h: Json) => h.previousEventId)).toEqual([ids.update1]);
    const second = (await one(id, `?limit=1&cursor=${first.historyPage.nextCursor}`)).body.data;
    expect(second.history.map((h: Json) => [h.eventId, h.previousEventId])).toEqual([[ids.update1, ids.update2]]);
    const last = (await one(id, `?limit=1&cursor=${second.historyPage.nextCursor}`)).body.data;
    expect(last.history.map((h: Json) => [h.eventId, h.previousEventId])).toEqual([[ids.update2, null]]);
  });

  it("refuses afterEvent naming another association's event or no event with 404", async () => {
    const other = await send("AssociationCreate", association("st-other", "Other"), 3);
    for (const eventId of [other, 2_000_000_000]) {
      const res = await one(id, `?afterEvent=${eventId}`);
      expect(res.status).toBe(404);
      expect(res.body.error.details).toEqual({ reason: "event_not_in_history", eventId });
    }
  });
});

describe("state after an event: ties at one timestamp", () => {
  const id = "st-ties";
  it("afterEvent separates events a time cannot: projection order is time, then Delete > Update > Create, then arrival", async () => {
    await clearDatabase();
    const u1 = await send("AssociationUpdate", { ...association(id, "First update"), ...cards("ONE_TO_ONE") }, 5);
    const create = await send("AssociationCreate", association(id, "Created"), 5);
    const u2 = await send("AssociationUpdate", { ...association(id, "Second update"), ...cards("MANY_TO_ONE") }, 5);
    const del = await send("AssociationDelete", { ...association(id, "Deleted"), ...cards("MANY_TO_ONE") }, 5);
    await settleProjection();
    // Order: Create (rank 1), u1, u2 (rank 2, by id), Delete (rank 3).
    const stateAfter = async (eventId: number) => (await one(id, `?afterEvent=${eventId}`)).body.data;
    expect(await stateAfter(create)).toMatchObject({
      firstObjectLabel: "Created",
      status: "active",
      eventCount: 1,
      firstObjectToSecondObjectCardinality: null,
      asOf: { afterEvent: create, at: iso(5) },
    });
    expect(await stateAfter(u1)).toMatchObject({ firstObjectLabel: "First update", status: "active", eventCount: 2, ...cards("ONE_TO_ONE") });
    expect(await stateAfter(u2)).toMatchObject({ firstObjectLabel: "Second update", status: "active", eventCount: 3, ...cards("MANY_TO_ONE") });
    expect(await stateAfter(del)).toMatchObject({ firstObjectLabel: "Deleted", status: "deleted", deletedAt: iso(5), eventCount: 4 });
    // A time takes the whole group.
    expect((await one(id, `?at=${iso(5)}`)).body.data).toMatchObject({ firstObjectLabel: "Deleted", status: "deleted" });
  });
});

describe("relations at a time, with the association's delete cascading", () => {
  const id = "st-rel-assoc";
  const rel = (n: number) => `st-rel-${n}`;
  let r3Create = 0;

  beforeAll(async () => {
    await clearDatabase();
    await send("AssociationCreate", association(id, "Buyer"), 0);
    await send("RelationCreate", relation(rel(1), id, "c1"), 1);
    await send("RelationCreate", relation(rel(2), id, "c2"), 2);
    await send("RelationDelete", relation(rel(2), id, "c2"), 3);
    await send("AssociationDelete", { ...association(id, "Buyer"), ...cards("MANY_TO_MANY") }, 5);
    // Arrives after the association's delete: HighLevel would not have it; the cascade deletes it at 5.
    r3Create = await send("RelationCreate", relation(rel(3), id, "c3"), 6);
    // Its own delete comes later than the association's: the earliest delete wins.
    await send("RelationDelete", relation(rel(1), id, "c1"), 8);
    await settleProjection();
  });

  const relationsAt = async (q: string) =>
    (await one(id, q)).body.data.relations.map((r: Json) => ({ id: r.id, status: r.status, deletedAt: r.deletedAt, eventCount: r.eventCount }));

  it("lists the relations that existed, each with its status then", async () => {
    expect(await relationsAt(`?at=${iso(1)}`)).toEqual([{ id: rel(1), status: "active", deletedAt: null, eventCount: 1 }]);
    expect(await relationsAt(`?at=${iso(4)}`)).toEqual([
      { id: rel(1), status: "active", deletedAt: null, eventCount: 1 },
      { id: rel(2), status: "deleted", deletedAt: iso(3), eventCount: 2 },
    ]);
    const at4 = await one(id, `?at=${iso(4)}`);
    expect(at4.body.data.asOf).toMatchObject({ associationEvents: 1, relationEvents: 3 });
  });

  it("deletes every relation with the association, also those whose events came after it", async () => {
    expect(await relationsAt(`?at=${iso(5)}`)).toEqual([
      { id: rel(1), status: "deleted", deletedAt: iso(5), eventCount: 1 },
      { id: rel(2), status: "deleted", deletedAt: iso(3), eventCount: 2 },
    ]);
    expect(await relationsAt(`?afterEvent=${r3Create}`)).toEqual([
      { id: rel(1), status: "deleted", deletedAt: iso(5), eventCount: 1 },
      { id: rel(2), status: "deleted", deletedAt: iso(3), eventCount: 2 },
      { id: rel(3), status: "deleted", deletedAt: iso(5), eventCount: 1 },
    ]);
    expect(await relationsAt(`?at=${iso(9)}`)).toEqual([
      { id: rel(1), status: "deleted", deletedAt: iso(5), eventCount: 2 },
      { id: rel(2), status: "deleted", deletedAt: iso(3), eventCount: 2 },
      { id: rel(3), status: "deleted", deletedAt: iso(5), eventCount: 1 },
    ]);
  });
});

describe("reconciled events", () => {
  it("are replayed like deliveries: a reconciled Update without cardinalities changes the label and keeps them", async () => {
    await clearDatabase();
    const id = "st-reconciled";
    await send("AssociationCreate", association(id, "Webhook label"), 0);
    await send("AssociationUpdate", { ...association(id, "Updated label"), ...cards("ONE_TO_MANY") }, 10);
    const reconciled = await appendReconciled("AssociationUpdate", association(id, "HighLevel's label"), 30);
    await settleProjection();
    expect((await one(id, `?at=${iso(29)}`)).body.data).toMatchObject({ firstObjectLabel: "Updated label", eventCount: 2 });
    const after = (await one(id, `?afterEvent=${reconciled}`)).body.data;
    expect(after).toMatchObject({ firstObjectLabel: "HighLevel's label", ...cards("ONE_TO_MANY"), eventCount: 3, lastEventAt: iso(30) });
    expect(stateOf((await one(id, `?at=${iso(31)}`)).body)).toEqual(stateOf((await one(id)).body));
  });
});

// ---- Property: the answer is the projection of exactly the events inside the cut ----

interface Sent {
  eventId: number;
  kind: "association" | "relation";
  type: string;
  payload: Record<string, unknown>;
  eventTimestamp: Date | null;
  receivedAt: Date;
}

type Cut = { by: "event"; at: Date } | { by: "received"; at: Date } | { by: "afterEvent"; key: OrderKey };

const orderOf = (s: Sent): OrderKey => ({ at: s.eventTimestamp ?? s.receivedAt, rank: eventRank(s.type as "AssociationCreate"), eventId: s.eventId });

/** The expected answer, folded here with lib/projection directly (not through lib/state-at). */
function expected(sent: Sent[], cut: Cut) {
  const inside = sent.filter((s) =>
    cut.by === "received" ? s.receivedAt <= cut.at : cut.by === "event" ? orderOf(s).at <= cut.at : compareOrder(orderOf(s), cut.key) <= 0,
  );
  // Folded in arrival order, as the projector met them: order independence is the projection's promise.
  inside.sort((a, b) => a.eventId - b.eventId);
  let a: AssociationState | null = null;
  const rels = new Map<string, RelationState>();
  for (const s of inside) {
    const ev = { isDelete: s.type.endsWith("Delete"), order: orderOf(s), receivedAt: s.receivedAt };
    if (s.kind === "association") a = projectAssociation(a, { ...ev, payload: s.payload as AssociationPayload });
    else rels.set(String(s.payload.id), projectRelation(rels.get(String(s.payload.id)) ?? null, { ...ev, payload: s.payload as RelationPayload }));
  }
  if (!a) return null;
  const deletedAt = a.status === "deleted" ? a.deletedAt : null;
  const json = (s: AssociationState | RelationState) => {
    const { stateAt: _a, stateRank: _r, stateEventId: _e, ...row } = s;
    return JSON.parse(JSON.stringify(row)) as Json;
  };
  return {
    association: json(a),
    relations: [...rels.values()]
      .map((r) => (deletedAt ? cascadeAssociationDelete(r, deletedAt) : r))
      .sort((x, y) => (x.id < y.id ? -1 : 1))
      .map(json),
  };
}

const labels = ["L1", "L2", "L3"] as const;
const spec = fc.record({
  kind: fc.constantFrom("association", "association", "relation"),
  assocType: fc.constantFrom("AssociationCreate", "AssociationUpdate", "AssociationUpdate", "AssociationDelete"),
  relType: fc.constantFrom("RelationCreate", "RelationCreate", "RelationDelete"),
  rel: fc.integer({ min: 1, max: 3 }),
  label: fc.constantFrom(...labels),
  card: fc.constantFrom("ONE_TO_ONE", "MANY_TO_MANY"),
  // Event minute (null: no timestamp, so the receive time orders it); few values, so ties happen.
  eventMinute: fc.option(fc.integer({ min: 0, max: 8 }), { nil: null, freq: 6 }),
  delay: fc.integer({ min: 0, max: 6 }),
  reconciled: fc.integer({ min: 0, max: 9 }).map((n) => n < 2),
});

describe("state at a time: property", () => {
  it("equals projecting exactly the events inside the cut with lib/projection, for random sequences and cuts", async () => {
    await clearDatabase();
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(spec, { minLength: 1, maxLength: 12 }),
        fc.array(fc.record({ by: fc.constantFrom("event", "received", "afterEvent"), minute: fc.integer({ min: -1, max: 16 }), pick: fc.nat() }), {
          minLength: 3,
          maxLength: 3,
        }),
        async (specs, cuts) => {
          run += 1;
          const id = `st-prop-${run}-${randomUUID().slice(0, 8)}`;
          const sent: Sent[] = [];
          for (const s of specs) {
            const receivedMinute = (s.eventMinute ?? 0) + s.delay;
            if (s.kind === "association") {
              const needsCards = s.assocType !== "AssociationCreate";
              const payload = association(id, s.label, needsCards ? cards(s.card) : {});
              if (s.reconciled && s.eventMinute !== null) {
                // Reconciliation's Update may lack cardinalities (projected with the Create schema).
                const type = s.assocType === "AssociationDelete" ? "AssociationCreate" : s.assocType;
                const body = association(id, s.label);
                const eventId = await appendReconciled(type, body, s.eventMinute);
                sent.push({ eventId, kind: "association", type, payload: body, eventTimestamp: T(s.eventMinute), receivedAt: T(s.eventMinute) });
                continue;
              }
              const eventId = await send(s.assocType, payload, s.eventMinute, receivedMinute);
              sent.push({
                eventId,
                kind: "association",
                type: s.assocType,
                payload,
                eventTimestamp: s.eventMinute === null ? null : T(s.eventMinute),
                receivedAt: T(receivedMinute),
              });
            } else {
              const payload = relation(`${id}-r${s.rel}`, id, `c${s.rel}`);
              const eventId = await send(s.relType, payload, s.eventMinute, receivedMinute);
              sent.push({
                eventId,
                kind: "relation",
                type: s.relType,
                payload,
                eventTimestamp: s.eventMinute === null ? null : T(s.eventMinute),
                receivedAt: T(receivedMinute),
              });
            }
          }
          await settleProjection();
          for (const c of cuts) {
            const target = sent[c.pick % sent.length] as Sent;
            const cut: Cut =
              c.by === "afterEvent"
                ? { by: "afterEvent", key: orderOf(target) }
                : c.by === "event"
                  ? { by: "event", at: T(c.minute) }
                  : { by: "received", at: T(c.minute) };
            const query = cut.by === "afterEvent" ? `?afterEvent=${target.eventId}` : `?at=${iso(c.minute)}&basis=${cut.by}`;
            const want = expected(sent, cut);
            const res = await one(id, query);
            if (!want) {
              expect(res.status, query).toBe(404);
              const hasOwn = sent.some((s) => s.kind === "association");
              expect(res.body.error.details?.reason ?? "unknown", query).toBe(hasOwn ? "before_first_event" : "unknown");
              continue;
            }
            expect(res.status, query).toBe(200);
            const { relations, ...row } = res.body.data;
            expect(stateOf({ data: row }), query).toEqual(want.association);
            expect(relations, query).toEqual(want.relations);
          }
          // No cut at all in the past: the replay of everything equals the projector's row.
          if (sent.some((s) => s.kind === "association")) {
            const now = await one(id);
            const all = await one(id, "?at=2031-01-01");
            expect(stateOf(all.body)).toEqual(stateOf(now.body));
          }
        },
      ),
      { numRuns: 30 },
    );
  });
});
