// The receiver end to end: real route handlers, real Request objects, real
// database. Accepted deliveries: the docs' fixtures on both URL styles, byte-exact
// storage, deduplication, and the kinds that are stored but not projected.
import { createHash } from "node:crypto";
import { beforeEach, describe, expect, test } from "vitest";
import { getAssociation } from "@/lib/queries/associations";
import { getEvent } from "@/lib/queries/events";
import { clearDatabase } from "./helpers/db";
import { deliver, eventBody, fixture, type Json } from "./helpers/http";
import { signEd25519 } from "./helpers/keys";
import { events, locations, only, relations, sleep, withFields } from "./helpers/state";

beforeEach(clearDatabase);

const ASSOCIATION_ID = "67ade73d1119d2ac7ad0c475";
const RELATION_ID = "67ae0d741119d218c9d0c477";
const RELATION_ASSOCIATION_ID = "669e5795add2094075906c65";
const LOCATION_ID = "eHy2cOSZxMQzQ6Yyvl8P";

const fixtureNames = ["AssociationCreate", "AssociationUpdate", "AssociationDelete", "RelationCreate", "RelationDelete"] as const;
type FixtureName = (typeof fixtureNames)[number];

function expectStored(res: { status: number; body: Json }): number {
  expect(res.status).toBe(200);
  expect(res.body).toEqual({ status: "stored", eventId: expect.any(Number) });
  return res.body.eventId as number;
}

/** The state a single delivery of the fixture must leave behind. */
async function expectProjected(name: FixtureName, eventId: number) {
  const [location] = await locations();
  expect(location).toMatchObject({ locationId: LOCATION_ID, events: 1 });

  if (name.startsWith("Association")) {
    const association = await getAssociation(ASSOCIATION_ID);
    expect(association).toMatchObject({
      id: ASSOCIATION_ID,
      key: "buyer_property_interest",
      associationType: "USER_DEFINED",
      firstObjectKey: "custom_objects.real_estate_buyer",
      firstObjectLabel: "Interested Buyer",
      secondObjectKey: "custom_objects.property",
      secondObjectLabel: "Property",
      locationId: LOCATION_ID,
      eventCount: 1,
      status: name === "AssociationDelete" ? "deleted" : "active",
    });
    const cardinality = name === "AssociationCreate" ? null : "MANY_TO_MANY";
    expect(association?.firstObjectToSecondObjectCardinality).toBe(cardinality);
    expect(association?.secondObjectToFirstObjectCardinality).toBe(cardinality);
    expect(association?.deletedAt === null).toBe(name !== "AssociationDelete");
    expect(association?.history.map((h) => h.eventId)).toEqual([eventId]);
    expect(await relations()).toEqual([]);
    expect(location).toMatchObject({ associations: 1, relations: 0 });
  } else {
    const row = only(await relations({ associationId: RELATION_ASSOCIATION_ID }));
    expect(row).toMatchObject({
      id: RELATION_ID,
      associationId: RELATION_ASSOCIATION_ID,
      firstObjectKey: "custom_objects.mad",
      firstRecordId: "67a349a79b28947ec1f65bb5",
      secondObjectKey: "contact",
      secondRecordId: "emqfhnG3g9D9chy9inTz",
      locationId: LOCATION_ID,
      eventCount: 1,
      status: name === "RelationDelete" ? "deleted" : "active",
    });
    expect(row.deletedAt === null).toBe(name !== "RelationDelete");
    // A relation event does not invent the association it points at.
    expect(await getAssociation(RELATION_ASSOCIATION_ID)).toBeNull();
    expect(location).toMatchObject({ associations: 0, relations: 1 });
  }
}

describe("the docs' example bodies", () => {
  test.each(fixtureNames)("%s unchanged on its per-event URL is stored and projected", async (name) => {
    const body = fixture(name);
    const eventId = expectStored(await deliver(body, { eventType: name }));

    const event = await getEvent(eventId);
    expect(event).toMatchObject({
      type: name,
      kind: name.startsWith("Association") ? "association" : "relation",
      route: "path",
      verification: "ed25519",
      signedForm: "raw",
      webhookId: null,
      eventTimestamp: null,
      duplicateCount: 0,
      locationId: LOCATION_ID,
      subjectId: name.startsWith("Association") ? ASSOCIATION_ID : RELATION_ID,
      bodySize: Buffer.byteLength(body),
    });
    expect(event?.rawBodyBase64).toBe(Buffer.from(body).toString("base64"));
    await expectProjected(name, eventId);
  });

  test.each(fixtureNames)("%s with a type field on the generic URL is stored and projected", async (name) => {
    const body = withFields(fixture(name), { type: name });
    const eventId = expectStored(await deliver(body));
    expect(await getEvent(eventId)).toMatchObject({ type: name, route: "generic", verification: "ed25519" });
    await expectProjected(name, eventId);
  });
});

describe("raw body", () => {
  test("is stored byte for byte: whitespace, unicode, escapes and key order survive", async () => {
    const body =
      '\r\n  {"type":"AssociationCreate" ,\t"zeta": "last key first",\n' +
      '  "id" : "assoc-raw-1", "locationId":"loc-raw", "key":"k\\u00e9y \\"quoted\\" \\\\ \\/",\n' +
      '"associationType":"USER_DEFINED","firstObjectKey":"contact","firstObjectLabel":"Zoë 🚀",' +
      '"secondObjectKey":"contact","secondObjectLabel":"Ünïcødé\\n\\ttab", "extra": {"nested": [1, 2.50, 1e3]}}  \n';
    const eventId = expectStored(await deliver(body));
    const event = await getEvent(eventId);
    expect(Buffer.from(event?.rawBodyBase64 ?? "", "base64").equals(Buffer.from(body, "utf8"))).toBe(true);
    expect(event?.rawBody).toBe(body);
    expect(event?.bodySize).toBe(Buffer.byteLength(body, "utf8"));
    expect(event?.signedForm).toBe("raw");
    // The projection reads the parsed values, escapes decoded.
    expect(await getAssociation("assoc-raw-1")).toMatchObject({
      firstObjectLabel: "Zoë 🚀",
      secondObjectLabel: "Ünïcødé\n\ttab",
      key: 'kéy "quoted" \\ /',
    });
  });

  test("a signature over the compact JSON form is accepted; the signed form is stored, the received bytes' hash and size kept", async () => {
    const body = '{ "type": "ContactCreate",  "name": "Zo\\u00eb 🚀", "locationId": "loc-json" }';
    const compact = JSON.stringify(JSON.parse(body));
    const res = await deliver(body, { sign: () => ({ "x-ghl-signature": signEd25519(compact) }) });
    const event = await getEvent(expectStored(res));
    expect(event).toMatchObject({ verification: "ed25519", signedForm: "json", kind: "other" });
    expect(event?.rawBody).toBe(compact);
    expect(event?.bodySize).toBe(Buffer.byteLength(compact));
    expect(event?.receivedSize).toBe(Buffer.byteLength(body));
    expect(event?.receivedSha256).toBe(createHash("sha256").update(body).digest("hex"));
  });

  test("re-formatted copies of one JSON-form-signed body are one event (deduplicated on the signed form)", async () => {
    const compact = JSON.stringify({ type: "ContactCreate", name: "Ann", locationId: "loc-json" });
    const sign = () => ({ "x-ghl-signature": signEd25519(compact) });
    const first = expectStored(await deliver(JSON.stringify(JSON.parse(compact), null, 2), { sign }));
    const again = await deliver(`${" ".repeat(5000)}${compact.replace(/,/g, " ,\n")}`, { sign });
    expect(again.body).toEqual({ status: "duplicate", eventId: first });
    expect(await events()).toHaveLength(1);
  });

  test("a body signed as received keeps its exact bytes and no received-bytes evidence", async () => {
    const body = '{ "type": "ContactCreate",  "name": "Zoë 🚀" }';
    const event = await getEvent(expectStored(await deliver(body)));
    expect(event).toMatchObject({ signedForm: "raw", rawBody: body, receivedSha256: null, receivedSize: null });
  });
});

describe("duplicates", () => {
  const body = withFields(fixture("AssociationCreate"), {
    type: "AssociationCreate",
    webhookId: "0c8a7f65-9a7c-4c39-b2a4-6c1f3c7f2d11",
    timestamp: "2025-11-07T12:46:45.953Z",
  });

  test("the same webhookId twice: second answer is a duplicate of the first, projected once", async () => {
    const first = expectStored(await deliver(body));
    await sleep(5);
    // A retry may be re-serialised: the webhookId alone identifies it.
    const second = await deliver(withFields(body, { retried: true }));
    expect(second.status).toBe(200);
    expect(second.body).toEqual({ status: "duplicate", eventId: first });

    const event = await getEvent(first);
    expect(event?.duplicateCount).toBe(1);
    expect(event!.lastSeenAt.getTime()).toBeGreaterThan(event!.receivedAt.getTime());
    expect(await events()).toHaveLength(1);
    expect((await getAssociation(ASSOCIATION_ID))?.eventCount).toBe(1);
    expect(await locations()).toMatchObject([{ locationId: LOCATION_ID, events: 1, associations: 1 }]);
  });

  test("without webhookId identical bytes are deduplicated by their hash", async () => {
    const raw = fixture("AssociationUpdate");
    const first = expectStored(await deliver(raw, { eventType: "AssociationUpdate" }));
    const second = await deliver(raw, { eventType: "AssociationUpdate" });
    expect(second.body).toEqual({ status: "duplicate", eventId: first });
    expect((await getEvent(first))?.duplicateCount).toBe(1);
    expect((await getAssociation(ASSOCIATION_ID))?.eventCount).toBe(1);
  });

  test("without webhookId different bytes are distinct events", async () => {
    const raw = fixture("AssociationUpdate");
    const reformatted = JSON.stringify(JSON.parse(raw));
    const first = expectStored(await deliver(raw, { eventType: "AssociationUpdate" }));
    const second = expectStored(await deliver(reformatted, { eventType: "AssociationUpdate" }));
    expect(second).not.toBe(first);
    expect(await events()).toHaveLength(2);
    expect((await getAssociation(ASSOCIATION_ID))?.eventCount).toBe(2);
  });

  test("ten concurrent identical deliveries store exactly one event", async () => {
    const results = await Promise.all(Array.from({ length: 10 }, () => deliver(body)));
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
    const stored = results.filter((r) => r.body.status === "stored");
    const duplicates = results.filter((r) => r.body.status === "duplicate");
    expect(duplicates).toHaveLength(9);
    const eventId = only(stored).body.eventId as number;
    for (const d of duplicates) expect(d.body.eventId).toBe(eventId);

    expect(await events()).toHaveLength(1);
    expect((await getEvent(eventId))?.duplicateCount).toBe(9);
    expect((await getAssociation(ASSOCIATION_ID))?.eventCount).toBe(1);
    expect(await locations()).toMatchObject([{ events: 1, associations: 1 }]);
  });
});

describe("events that are stored but not projected", () => {
  test("a body without type on the generic URL is stored as unclassified", async () => {
    const body = fixture("AssociationUpdate"); // Update and Delete bodies are identical: no way to tell.
    const eventId = expectStored(await deliver(body));
    const listed = await events({ kind: "unclassified" });
    expect(listed.map((e) => e.id)).toEqual([eventId]);
    expect(listed[0]).toMatchObject({ type: null, kind: "unclassified", route: "generic", subjectId: ASSOCIATION_ID });
    expect(await getAssociation(ASSOCIATION_ID)).toBeNull();
    expect(await relations()).toEqual([]);
  });

  test("another HighLevel event type is stored as other, not projected", async () => {
    const body = fixture("envelope-example.OpportunityCreate");
    const eventId = expectStored(await deliver(body));
    const event = await getEvent(eventId);
    expect(event).toMatchObject({
      type: "OpportunityCreate",
      kind: "other",
      webhookId: "881b9415-5d35-4ff1-a667-0545b80b96c0",
      locationId: "3jJ0coeqWCZMAosyGQ6K",
    });
    expect(event?.eventTimestamp?.toISOString()).toBe("2025-11-07T12:46:45.953Z");
    expect(await events({ kind: "other" })).toHaveLength(1);
    expect(await getAssociation("UHXrFfZGSH5rj7z5rdDP")).toBeNull();
    expect(await relations()).toEqual([]);
    // Counted in its location, with nothing projected.
    expect(await locations()).toMatchObject([{ locationId: "3jJ0coeqWCZMAosyGQ6K", events: 1, associations: 0, relations: 0 }]);
  });

  test("an unknown type on its own per-event URL is stored as other", async () => {
    const res = await deliver(eventBody({ id: "c1", locationId: "loc-x" }), { eventType: "ContactCreate" });
    expect(await getEvent(expectStored(res))).toMatchObject({ type: "ContactCreate", kind: "other", route: "path" });
  });
});
