// The receiver's second hardening pass: only our HighLevel app's (and locations')
// deliveries, per-event URLs limited to HighLevel's event names, nothing replayable
// handed out, replays made visible, bounded messages, and unsigned junk refused
// before its body is read.
import { beforeEach, describe, expect, test } from "vitest";
import { POST as postTyped } from "@/app/api/webhooks/highlevel/[eventType]/route";
import { GET as eventApi } from "@/app/api/events/[id]/route";
import { GET as associationApi } from "@/app/api/associations/[id]/route";
import { highlevelEventTypes } from "@/lib/domain/events";
import { clearDatabase } from "./helpers/db";
import { deliver, fixture, get, type Json } from "./helpers/http";
import { signEd25519 } from "./helpers/keys";
import { expectRejected, useEnv } from "./helpers/rejections";
import { events, withFields } from "./helpers/state";

beforeEach(clearDatabase);
const setEnv = useEnv();

const params = (id: string) => ({ params: Promise.resolve({ id }) });
const eventOf = async (id: number): Promise<Json> => (await get(eventApi, `/api/events/${id}`, params(String(id)))).body.data;
const create = (fields: Record<string, unknown>) => withFields(fixture("AssociationCreate"), { type: "AssociationCreate", ...fields });

describe("which app a delivery is for (HIGHLEVEL_APP_ID)", () => {
  test("another app's delivery: 403 foreign_app, in the rejected log, never stored", async () => {
    setEnv({ HIGHLEVEL_APP_ID: "ourapp1,ourapp2" });
    const row = await expectRejected(await deliver(create({ appId: "theirapp" })), 403, "foreign_app");
    expect(row.message).toContain("theirapp");
    expect(await events()).toHaveLength(0);
  });

  test("our app's delivery is stored, and the event says it matches", async () => {
    setEnv({ HIGHLEVEL_APP_ID: "ourapp1,ourapp2" });
    const res = await deliver(create({ appId: "ourapp2" }));
    expect(res.status).toBe(200);
    expect(await eventOf(res.body.eventId as number)).toMatchObject({ appId: "ourapp2" });
  });

  test("HIGHLEVEL_CLIENT_ID: the app id is the part before the first '-', as HighLevel's SDK takes it", async () => {
    setEnv({ HIGHLEVEL_CLIENT_ID: "6650abc-lx1y2z3" });
    await expectRejected(await deliver(create({ appId: "6650abc-lx1y2z3", webhookId: "w2" })), 403, "foreign_app");
    expect((await deliver(create({ appId: "6650abc", webhookId: "w1" }))).status).toBe(200);
  });

  test("a non-string appId is not ours", async () => {
    setEnv({ HIGHLEVEL_APP_ID: "ourapp" });
    await expectRejected(await deliver(create({ appId: ["ourapp"] })), 403, "foreign_app");
  });

  test("a delivery without appId (the docs' examples) is accepted and marked as not saying", async () => {
    setEnv({ HIGHLEVEL_APP_ID: "ourapp" });
    const res = await deliver(fixture("AssociationCreate"), { eventType: "AssociationCreate" });
    expect(res.status).toBe(200);
    expect(await eventOf(res.body.eventId as number)).toMatchObject({ appId: null });
  });

  test("unset: any app's delivery is accepted", async () => {
    expect((await deliver(create({ appId: "anyone" }))).status).toBe(200);
  });
});

describe("which locations (HIGHLEVEL_LOCATION_IDS)", () => {
  test("a location not on the list: 403 unknown_location, never stored", async () => {
    setEnv({ HIGHLEVEL_LOCATION_IDS: "loc-a, loc-b" });
    await expectRejected(await deliver(create({ locationId: "loc-z" })), 403, "unknown_location");
  });

  test("a listed location is stored; a bulk install listing one of ours is accepted, one listing none refused", async () => {
    setEnv({ HIGHLEVEL_LOCATION_IDS: "loc-a,loc-b" });
    expect((await deliver(create({ locationId: "loc-b" }))).status).toBe(200);
    const install = (ids: string[], webhookId: string) => JSON.stringify({ type: "INSTALL", appId: "a", companyId: "c", locationIds: ids, webhookId });
    expect((await deliver(install(["loc-x", "loc-a"], "i1"))).status).toBe(200);
    const refused = await deliver(install(["loc-x", "loc-y"], "i2"));
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe("unknown_location");
    expect(await events()).toHaveLength(2);
  });
});

describe("per-event URLs", () => {
  test.each(["AssociationDeleted", "Whatever", "FooBarBaz", "associationcreate"])("%s: 404, no event, no new dedupe key", async (segment) => {
    const row = await expectRejected(await deliver(fixture("AssociationUpdate"), { eventType: segment }), 404, "not_found", "unknown_event_path");
    expect(row.path).toBe(`/api/webhooks/highlevel/${segment}`);
  });

  test("every documented HighLevel event name is accepted, the five we project among them", async () => {
    expect(highlevelEventTypes).toEqual(expect.arrayContaining(["AssociationCreate", "RelationDelete", "INSTALL", "UNINSTALL", "ContactCreate"]));
    for (const type of ["INSTALL", "ContactCreate", "OpportunityStageUpdate"]) {
      const res = await deliver(JSON.stringify({ type, locationId: "l", webhookId: `w-${type}` }), { eventType: type });
      expect(res.status, type).toBe(200);
    }
  });
});

describe("stored signatures are not a replay kit", () => {
  test("the event API returns the signature shortened, never the full value", async () => {
    const body = create({});
    const signature = signEd25519(body);
    const res = await deliver(body);
    const event = await eventOf(res.body.eventId as number);
    expect(event.headers["x-ghl-signature"]).toBe(`${signature.slice(0, 8)}…${signature.slice(-4)} (${signature.length} chars)`);
    expect(JSON.stringify(event)).not.toContain(signature);
  });

  test("a type-less body re-posted to another per-event URL is flagged 'same bytes as event #N' on the event and in the history", async () => {
    const bytes = fixture("AssociationUpdate");
    const update = (await deliver(bytes, { eventType: "AssociationUpdate" })).body.eventId as number;
    const replay = (await deliver(bytes, { eventType: "AssociationDelete" })).body.eventId as number;
    expect(replay).not.toBe(update);
    expect(await eventOf(replay)).toMatchObject({ sameBytesAs: update });
    expect(await eventOf(update)).toMatchObject({ sameBytesAs: null });
    const id = (JSON.parse(bytes) as { id: string }).id;
    const history = (await get(associationApi, `/api/associations/${id}`, params(id))).body.data.history as Json[];
    expect(history.map((h) => [h.eventId, h.sameBytesAs])).toEqual([
      [replay, update],
      [update, null],
    ]);
  });

  test("different bytes are not flagged; a body with a webhookId re-posted elsewhere is a duplicate, not a new event", async () => {
    await deliver(fixture("AssociationUpdate"), { eventType: "AssociationUpdate" });
    const changed = withFields(fixture("AssociationUpdate"), { firstObjectLabel: "Changed" });
    const b = (await deliver(changed, { eventType: "AssociationDelete" })).body.eventId as number;
    expect((await eventOf(b)).sameBytesAs).toBeNull();
    const withId = withFields(fixture("AssociationUpdate"), { webhookId: "w-9" });
    const first = (await deliver(withId, { eventType: "AssociationUpdate" })).body.eventId as number;
    expect((await deliver(withId, { eventType: "AssociationDelete" })).body).toEqual({ status: "duplicate", eventId: first });
  });
});

describe("bounded input", () => {
  test("type_mismatch does not embed a long type value", async () => {
    const res = await deliver(withFields(fixture("AssociationUpdate"), { type: "X".repeat(100_000) }), { eventType: "AssociationUpdate" });
    const row = await expectRejected(res, 400, "type_mismatch");
    expect(row.message.length).toBeLessThanOrEqual(300);
    expect(res.body.error.message.length).toBeLessThanOrEqual(300);
  });

  test("AssociationCreate's optional cardinalities are bounded text like every field", async () => {
    const res = await deliver(create({ firstObjectToSecondObjectCardinality: "M".repeat(5000) }));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("invalid_payload");
    expect((await deliver(create({ firstObjectToSecondObjectCardinality: "ONE_TO_MANY" }))).status).toBe(200);
  });

  test("an unsigned body is refused after at most 64 KiB is read, with Connection: close", async () => {
    let sent = 0;
    const chunk = new Uint8Array(16 * 1024).fill(0x20);
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 1024 * 1024) return controller.close();
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const request = new Request("http://localhost:3000/api/webhooks/highlevel/AssociationCreate", { method: "POST", body, duplex: "half" } as RequestInit);
    const response = await postTyped(request, { params: Promise.resolve({ eventType: "AssociationCreate" }) });
    expect(response.status).toBe(401);
    expect(response.headers.get("connection")).toBe("close");
    expect(((await response.json()) as Json).error.code).toBe("missing_signature");
    expect(sent).toBeLessThanOrEqual(64 * 1024 + 2 * chunk.byteLength);
  });
});
