// GET /api/events, /api/events/{id}, /api/relations, /api/locations, /api/rejected
// and /api/health through the real route handlers, over one scenario delivered
// through the real webhook routes (signed, per-event URL, RSA, unverified,
// a retry, refused requests). The tests only read, so the scenario is seeded once.
import { shortenSignature } from "@/lib/highlevel/signature";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as eventsRoute } from "@/app/api/events/route";
import { GET as eventRoute } from "@/app/api/events/[id]/route";
import { GET as relationsRoute } from "@/app/api/relations/route";
import { GET as locationsRoute } from "@/app/api/locations/route";
import { GET as rejectedRoute } from "@/app/api/rejected/route";
import { GET as healthRoute } from "@/app/api/health/route";
import { encodeCursor } from "@/lib/filters/common";
import { env, resetEnv } from "@/lib/env";
import { settleProjection } from "./helpers/projection";
import { clearDatabase } from "./helpers/db";
import { deliver, get, type Json } from "./helpers/http";
import { otherEd25519, signEd25519, signRsa } from "./helpers/keys";
import { deliverOk, envelopeBody, iso } from "./helpers/seed";

const T = Date.parse("2026-02-01T00:00:00.000Z");
const at = (minutes: number) => T + minutes * 60_000;
const A1 = "6a0000000000000000000a01",
  B1 = "6b0000000000000000000b01",
  C1 = "6c0000000000000000000c01";
const rel = (n: number) => `7e00000000000000000000${String(n).padStart(2, "0")}`;

interface Sent {
  eventId: number;
  body: string;
  type: string | null;
  kind: string;
  locationId: string;
  subjectId: string;
  associationId: string | null;
  verification: string;
  route: string;
  timestamp: number;
}
const sent: Sent[] = [];
let duplicateOf = 0;

const definition = (id: string, locationId: string, label = "Buyer") => ({
  id,
  associationType: "USER_DEFINED",
  firstObjectKey: "contact",
  firstObjectLabel: label,
  secondObjectKey: "custom_objects.property",
  secondObjectLabel: "Property",
  key: `key_${id.slice(-3)}`,
  locationId,
});
const cards = { firstObjectToSecondObjectCardinality: "MANY_TO_MANY", secondObjectToFirstObjectCardinality: "MANY_TO_MANY" };
const relation = (n: number, associationId: string, locationId: string, second = `prop-${n}`) => ({
  id: rel(n),
  firstObjectKey: "contact",
  firstRecordId: `contact-${n}`,
  secondObjectKey: "custom_objects.property",
  secondRecordId: second,
  associationId,
  locationId,
});

async function send(
  type: string | null,
  fields: { id: string; locationId: string; associationId?: string },
  minute: number,
  how: { kind: string; verification?: string; route?: "path"; sign?: false | ((b: Uint8Array) => Record<string, string>) },
) {
  const body = envelopeBody(how.route ? null : type, fields, at(minute));
  const res = await deliverOk(body, { eventType: how.route ? (type ?? undefined) : undefined, sign: how.sign });
  expect(res.status).toBe("stored");
  sent.push({
    eventId: res.eventId,
    body,
    type,
    kind: how.kind,
    locationId: fields.locationId,
    subjectId: fields.id,
    associationId: how.kind === "relation" ? (fields.associationId ?? null) : how.kind === "association" ? fields.id : null,
    verification: how.verification ?? "ed25519",
    route: how.route ?? "generic",
    timestamp: at(minute),
  });
}

beforeAll(async () => {
  await clearDatabase();
  // location-a: one association (created, then updated through its per-event URL) and six relations.
  await send("AssociationCreate", definition(A1, "location-a"), 1, { kind: "association" });
  await send("AssociationUpdate", { ...definition(A1, "location-a"), ...cards }, 2, { kind: "association", route: "path" });
  for (let n = 1; n <= 6; n++) {
    await send("RelationCreate", relation(n, A1, "location-a", n === 3 ? "contact-1" : undefined), 2 + n, { kind: "relation" });
  }
  await send("RelationDelete", relation(2, A1, "location-a"), 9, { kind: "relation" });
  // A retry of relation 4's delivery: a duplicate, stored once.
  const retry = await deliverOk(sent.find((s) => s.subjectId === rel(4))!.body);
  expect(retry.status).toBe("duplicate");
  duplicateOf = retry.eventId;
  // location-b: an RSA-signed association with a relation, then deleted; and a non-association event.
  const rsa = (b: Uint8Array) => ({ "x-wh-signature": signRsa(b) });
  await send("AssociationCreate", definition(B1, "location-b"), 10, { kind: "association", verification: "rsa", sign: rsa });
  await send("RelationCreate", relation(7, B1, "location-b"), 11, { kind: "relation" });
  await send("AssociationDelete", { ...definition(B1, "location-b"), ...cards }, 12, { kind: "association" });
  await send("OpportunityCreate", { id: "opp-1", locationId: "location-b" }, 20, { kind: "other" });
  // location-c: an unverified delivery (verification off) with a non-ASCII label, and one without a type.
  process.env.HIGHLEVEL_WEBHOOK_VERIFY = "off";
  resetEnv();
  try {
    await send("AssociationCreate", definition(C1, "location-c", "Käufer"), 13, { kind: "association", verification: "unverified", sign: false });
  } finally {
    process.env.HIGHLEVEL_WEBHOOK_VERIFY = "enforce";
    resetEnv();
  }
  await send(null, { id: "thing-1", locationId: "location-c" }, 14, { kind: "unclassified" });
  // Refused: a signature by another key, no signature, and a signed body that is not JSON.
  expect(
    (
      await deliver(envelopeBody("AssociationCreate", definition(C1, "location-c"), 0), {
        sign: (b) => ({ "x-ghl-signature": signEd25519(b, otherEd25519.privateKey) }),
      })
    ).status,
  ).toBe(401);
  expect((await deliver(envelopeBody("RelationCreate", relation(9, C1, "location-c"), 0), { sign: false })).status).toBe(401);
  expect((await deliver("{not json")).status).toBe(400);
});

afterAll(() => {
  process.env.HIGHLEVEL_WEBHOOK_VERIFY = "enforce";
  resetEnv();
});

/** Every row of a list, following nextCursor. */
async function walk(route: (r: Request, c: unknown) => Promise<Response>, path: string, limit: number): Promise<Json[]> {
  const rows: Json[] = [];
  let cursor: string | null = null;
  do {
    const res: { status: number; body: Json } = await get(route, `${path}${path.includes("?") ? "&" : "?"}limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`);
    expect(res.status).toBe(200);
    expect(res.body.data.length).toBeLessThanOrEqual(limit);
    rows.push(...res.body.data);
    cursor = res.body.nextCursor;
  } while (cursor && rows.length < 1000);
  return rows;
}

const expectInvalid = (res: { status: number; body: Json }, path: string) => {
  expect(res.status).toBe(400);
  expect(res.body.error.code).toBe("invalid_query");
  expect(typeof res.body.error.message).toBe("string");
  expect(res.body.error.details.map((d: Json) => d.path)).toContain(path);
};

describe("GET /api/events", () => {
  const events = (q = "") => get(eventsRoute, `/api/events?limit=500${q}`);
  const newestFirst = (pick: (s: Sent) => boolean) =>
    sent
      .filter(pick)
      .map((s) => s.eventId)
      .reverse();

  it("lists every stored delivery once, newest first, with its metadata", async () => {
    const res = await events();
    expect(res.status).toBe(200);
    expect(res.body.nextCursor).toBeNull();
    expect(res.body.data.map((e: Json) => e.id)).toEqual(newestFirst(() => true));
    for (const e of res.body.data) {
      const s = sent.find((x) => x.eventId === e.id)!;
      expect(e).toMatchObject({
        type: s.type,
        kind: s.kind,
        locationId: s.locationId,
        subjectId: s.subjectId,
        associationId: s.associationId,
        verification: s.verification,
        route: s.route,
        eventTimestamp: iso(s.timestamp),
        webhookId: JSON.parse(s.body).webhookId,
        bodySize: Buffer.byteLength(s.body),
        duplicateCount: s.eventId === duplicateOf ? 1 : 0,
      });
      expect(e.signedForm).toBe(s.verification === "unverified" ? null : "raw");
      expect(e).not.toHaveProperty("rawBody");
    }
  });

  it.each([
    ["type=AssociationCreate", (s: Sent) => s.type === "AssociationCreate"],
    ["type=AssociationCreate,%20RelationDelete", (s: Sent) => s.type === "AssociationCreate" || s.type === "RelationDelete"],
    ["type=OpportunityCreate", (s: Sent) => s.type === "OpportunityCreate"],
    ["kind=relation", (s: Sent) => s.kind === "relation"],
    ["kind=other,unclassified", (s: Sent) => s.kind === "other" || s.kind === "unclassified"],
    ["locationId=location-b", (s: Sent) => s.locationId === "location-b"],
    [`subjectId=${rel(2)}`, (s: Sent) => s.subjectId === rel(2)],
    [`associationId=${A1}`, (s: Sent) => s.associationId === A1],
    ["verification=rsa,unverified", (s: Sent) => s.verification !== "ed25519"],
    [
      "verification=ed25519&kind=association&locationId=location-a",
      (s: Sent) => s.verification === "ed25519" && s.kind === "association" && s.locationId === "location-a",
    ],
  ])("filters %s", async (query, pick) => {
    const want = newestFirst(pick);
    expect(want.length).toBeGreaterThan(0);
    expect((await events(`&${query}`)).body.data.map((e: Json) => e.id)).toEqual(want);
  });

  it("from/to bound receivedAt, inclusive", async () => {
    const all: Json[] = (await events()).body.data;
    const times = all.map((e) => e.receivedAt as string).sort();
    const from = times[3] ?? "",
      to = times[times.length - 4] ?? "";
    const want = all.filter((e) => e.receivedAt >= from && e.receivedAt <= to).map((e) => e.id);
    expect(want.length).toBeGreaterThan(0);
    expect((await events(`&from=${from}&to=${to}`)).body.data.map((e: Json) => e.id)).toEqual(want);
    expect((await events("&to=2000-01-01")).body.data).toEqual([]);
  });

  it("limit=4 pages walk every event once, in order", async () => {
    const all = (await events()).body.data.map((e: Json) => e.id);
    expect((await walk(eventsRoute, "/api/events", 4)).map((e) => e.id)).toEqual(all);
    const relations = (await events("&kind=relation")).body.data.map((e: Json) => e.id);
    expect((await walk(eventsRoute, "/api/events?kind=relation", 3)).map((e) => e.id)).toEqual(relations);
  });

  it.each([
    ["kind=bogus", "kind"],
    ["verification=nope", "verification"],
    ["limit=0", "limit"],
    ["limit=501", "limit"],
    ["cursor=garbage", "cursor"],
    [`cursor=${encodeCursor(-3)}`, "cursor"],
    ["from=tomorrow", "from"],
    ["from=2026-03-01&to=2026-02-01", "from"],
  ])("%s → 400", async (query, path) => expectInvalid(await get(eventsRoute, `/api/events?${query}`), path));

  it("a cursor beyond the id column's range → 400, not a database error", async () => {
    expectInvalid(await get(eventsRoute, `/api/events?cursor=${encodeCursor(99_999_999_999)}`), "cursor");
    expectInvalid(await get(rejectedRoute, `/api/rejected?cursor=${encodeCursor(2 ** 31)}`), "cursor");
  });
});

describe("GET /api/events/{id}", () => {
  const event = (id: string) => get(eventRoute, `/api/events/${encodeURIComponent(id)}`, { params: Promise.resolve({ id }) });

  it("returns the delivery whole: raw body as text and base64, headers, duplicate count", async () => {
    for (const s of sent) {
      const res = await event(String(s.eventId));
      expect(res.status).toBe(200);
      const e = res.body.data;
      expect(e).toMatchObject({ id: s.eventId, type: s.type, kind: s.kind, duplicateCount: s.eventId === duplicateOf ? 1 : 0, occurredAt: iso(s.timestamp) });
      expect(e.rawBody).toBe(s.body);
      expect(e.rawBodyBase64).toBe(Buffer.from(s.body, "utf8").toString("base64"));
      expect(e.headers["content-type"]).toBe("application/json");
      // Shortened: recognisable, never replayable.
      if (s.verification === "ed25519") expect(e.headers["x-ghl-signature"]).toBe(shortenSignature(signEd25519(s.body)));
      if (s.verification === "rsa") expect(e.headers["x-wh-signature"]).toBe(shortenSignature(signRsa(s.body)));
      if (s.verification === "unverified") expect(e.headers).not.toHaveProperty("x-ghl-signature");
    }
    expect(sent.some((s) => /[^\p{ASCII}]/u.test(s.body))).toBe(true);
  });

  const badIds = ["abc", "0", "-1", "../1", "99999999999", "2147483648", "1.5", " 1", "1e3", "0x1", "a".repeat(5000)];
  it.each(badIds.map((id) => [id.length > 20 ? `of ${id.length} characters` : JSON.stringify(id), id]))("id %s → 404", async (_label, id) => {
    const res = await event(id);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("not_found");
  });

  it("an unused numeric id → 404", async () => {
    const res = await event(String(Math.max(...sent.map((s) => s.eventId)) + 1000));
    expect(res.status).toBe(404);
  });
});

describe("GET /api/relations", () => {
  const relations = (q = "") => get(relationsRoute, `/api/relations?limit=500${q}`);
  const idsOf = (res: { body: Json }) => res.body.data.map((r: Json) => r.id).sort();

  it("projects relations (deletes and the association-delete cascade included), newest first", async () => {
    const res = await relations();
    expect(res.status).toBe(200);
    const rows: Json[] = res.body.data;
    expect(rows.map((r) => r.id)).toEqual([7, 2, 6, 5, 4, 3, 1].map(rel)); // lastEventAt desc: R7 (11), R2 (deleted at 9), R6 (8)…
    expect(rows.find((r) => r.id === rel(1))).toEqual({
      ...relation(1, A1, "location-a"),
      status: "active",
      eventCount: 1,
      firstSeenAt: expect.any(String),
      lastEventAt: iso(at(3)),
      deletedAt: null,
      locationName: null,
    });
    expect(rows.find((r) => r.id === rel(2))).toMatchObject({ status: "deleted", eventCount: 2, lastEventAt: iso(at(9)), deletedAt: iso(at(9)) });
    expect(rows.find((r) => r.id === rel(7))).toMatchObject({ status: "deleted", eventCount: 1, deletedAt: iso(at(12)) });
  });

  it("filters associationId, locationId, recordId (either side) and status", async () => {
    expect(idsOf(await relations(`&associationId=${A1}`))).toEqual([1, 2, 3, 4, 5, 6].map(rel));
    expect(idsOf(await relations("&locationId=location-b"))).toEqual([rel(7)]);
    expect(idsOf(await relations("&recordId=contact-1"))).toEqual([rel(1), rel(3)]);
    expect(idsOf(await relations("&recordId=prop-5"))).toEqual([rel(5)]);
    expect(idsOf(await relations("&status=deleted"))).toEqual([rel(2), rel(7)]);
    expect(idsOf(await relations(`&status=active&associationId=${A1}&recordId=contact-2`))).toEqual([]);
  });

  it("limit=2 pages walk every relation once, in order", async () => {
    const all = (await relations()).body.data.map((r: Json) => r.id);
    expect((await walk(relationsRoute, "/api/relations", 2)).map((r) => r.id)).toEqual(all);
  });

  it.each([
    ["status=gone", "status"],
    ["limit=0", "limit"],
    ["cursor=garbage", "cursor"],
    [`cursor=${encodeCursor(["not a date", rel(1)])}`, "cursor"],
  ])("%s → 400", async (query, path) => expectInvalid(await get(relationsRoute, `/api/relations?${query}`), path));
});

describe("GET /api/locations", () => {
  it("counts associations, relations and stored events per location (a retry is not an event), latest delivery first", async () => {
    const res = await get(locationsRoute, "/api/locations");
    expect(res.status).toBe(200);
    const expected = ["location-a", "location-b", "location-c"].map((locationId) => {
      const mine = sent.filter((s) => s.locationId === locationId);
      return {
        locationId,
        associations: new Set(mine.filter((s) => s.kind === "association").map((s) => s.subjectId)).size,
        relations: new Set(mine.filter((s) => s.kind === "relation").map((s) => s.subjectId)).size,
        events: mine.length,
        lastEventAt: iso(Math.max(...mine.map((s) => s.timestamp))),
      };
    });
    expect(expected.map((l) => [l.associations, l.relations, l.events])).toEqual([
      [1, 6, 9],
      [1, 1, 4],
      [1, 0, 2],
    ]);
    const pick = (r: Json) => ({
      locationId: r.locationId,
      associations: r.associations,
      relations: r.relations,
      events: r.events,
      lastEventAt: r.lastEventAt,
    });
    expect(res.body.data.map(pick).sort((a: Json, b: Json) => a.locationId.localeCompare(b.locationId))).toEqual(expected);
    // The default order is the newest delivery first (lib/filters/locations.ts).
    const received: string[] = res.body.data.map((r: Json) => r.lastReceivedAt);
    expect(received).toEqual([...received].sort().reverse());
    expect(res.body.nextCursor).toBeNull();
  });

  it("pages with limit=1", async () => {
    // Ids only: silentForMs follows the clock between requests.
    const all = (await get(locationsRoute, "/api/locations")).body.data.map((r: Json) => r.locationId);
    expect((await walk(locationsRoute, "/api/locations", 1)).map((r) => r.locationId)).toEqual(all);
  });

  it.each([
    ["limit=0", "limit"],
    ["cursor=garbage", "cursor"],
    [`cursor=${encodeCursor(["not a date", "location-a"])}`, "cursor"],
  ])("%s → 400", async (query, path) => expectInvalid(await get(locationsRoute, `/api/locations?${query}`), path));
});

describe("GET /api/rejected", () => {
  it("lists refused requests, newest first, each with its cause", async () => {
    const res = await get(rejectedRoute, "/api/rejected");
    expect(res.status).toBe(200);
    expect(res.body.data.map((r: Json) => [r.cause, r.status])).toEqual([
      ["invalid_json", 400],
      ["missing_signature", 401],
      ["bad_signature", 401],
    ]);
    for (const r of res.body.data) {
      expect(r).toMatchObject({ method: "POST", path: "/api/webhooks/highlevel" });
      expect(typeof r.message).toBe("string");
    }
    expect(res.body.data[0].bodyPrefix).toBe("{not json");
  });

  it("filters by cause", async () => {
    const res = await get(rejectedRoute, "/api/rejected?cause=bad_signature");
    expect(res.body.data).toHaveLength(1);
    expect(res.body.data[0]).toMatchObject({ cause: "bad_signature", status: 401 });
    expect((await get(rejectedRoute, "/api/rejected?cause=bad_signature,invalid_json")).body.data).toHaveLength(2);
    expect((await get(rejectedRoute, "/api/rejected?cause=body_too_large")).body.data).toEqual([]);
  });

  it.each([
    ["cause=nope", "cause"],
    ["limit=0", "limit"],
    ["cursor=garbage", "cursor"],
  ])("%s → 400", async (query, path) => expectInvalid(await get(rejectedRoute, `/api/rejected?${query}`), path));
});

describe("GET /api/health", () => {
  it("answers 200 with the configured database kind, the projector's lag and the receiver's 429 counts", async () => {
    await settleProjection();
    const response = await healthRoute();
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ status: "ok", database: env().databaseKind, projector: { behind: 0, lagSeconds: 0, oldestUnprojectedAt: null } });
    expect(body.projector.position).toBe(body.projector.head);
    expect(body.receiver.refused429).toMatchObject({ total: expect.any(Number), database_unavailable: expect.any(Number), queue_full: expect.any(Number) });
    expect(["sqlite", "postgresql"]).toContain(env().databaseKind);
  });
});
