// What the receiver refuses, and how: status, error envelope, a rejected-log row
// with its cause, and nothing stored. Bad input is a 4xx, never a 5xx.
import { beforeEach, describe, expect, test } from "vitest";
import { POST as postGeneric } from "@/app/api/webhooks/highlevel/route";
import { getEvent } from "@/lib/queries/events";
import { clearDatabase } from "./helpers/db";
import { deliver, eventBody, fixture } from "./helpers/http";
import { signEd25519 } from "./helpers/keys";
import { expectRejected, useEnv } from "./helpers/rejections";
import { events, locations, only, rejected, withFields } from "./helpers/state";

beforeEach(clearDatabase);
const setEnv = useEnv();

function without(body: string, field: string): string {
  const parsed = JSON.parse(body) as Record<string, unknown>;
  delete parsed[field];
  return JSON.stringify(parsed);
}

describe("bodies that are not a JSON object", () => {
  test("not JSON: 400 invalid_json", async () => {
    const row = await expectRejected(await deliver("this is not json"), 400, "invalid_json");
    expect(row).toMatchObject({ path: "/api/webhooks/highlevel", bodyPrefix: "this is not json", bodySize: 16 });
  });

  test("invalid UTF-8 bytes: 400 invalid_json", async () => {
    const bytes = new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]); // {"a":"\xff\xfe"}
    const row = await expectRejected(await deliver(bytes), 400, "invalid_json");
    expect(row.bodySize).toBe(bytes.byteLength);
  });

  test.each(["[]", '[{"type":"AssociationCreate"}]', "null", "42", '"text"', "true"])("%s: 400 not_object", async (body) => {
    await expectRejected(await deliver(body), 400, "not_object");
  });
});

describe("payloads that do not fit their event type", () => {
  test("missing id on the per-event URL: 400 invalid_payload naming the path", async () => {
    const res = await deliver(without(fixture("AssociationCreate"), "id"), { eventType: "AssociationCreate" });
    await expectRejected(res, 400, "invalid_payload");
    expect(res.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: "id" })]));
  });

  test("id that is a number: 400 invalid_payload naming the path", async () => {
    const res = await deliver(withFields(fixture("RelationCreate"), { type: "RelationCreate", id: 42 }));
    await expectRejected(res, 400, "invalid_payload");
    expect(res.body.error.details).toEqual([expect.objectContaining({ path: "id", message: expect.any(String) })]);
  });

  test("an Update without its cardinalities: 400 invalid_payload listing both", async () => {
    const body = without(without(fixture("AssociationUpdate"), "firstObjectToSecondObjectCardinality"), "secondObjectToFirstObjectCardinality");
    const res = await deliver(body, { eventType: "AssociationUpdate" });
    await expectRejected(res, 400, "invalid_payload");
    const paths = (res.body.error.details as { path: string }[]).map((d) => d.path).sort();
    expect(paths).toEqual(["firstObjectToSecondObjectCardinality", "secondObjectToFirstObjectCardinality"]);
  });

  test("body type differing from the URL's event type: 400 type_mismatch", async () => {
    const body = withFields(fixture("AssociationCreate"), { type: "AssociationCreate" });
    const row = await expectRejected(await deliver(body, { eventType: "AssociationDelete" }), 400, "type_mismatch");
    expect(row.path).toBe("/api/webhooks/highlevel/AssociationDelete");
  });
});

describe("unknown per-event paths", () => {
  test.each(["../etc", "lowercase", "Association Create", "X", "A".repeat(65)])("%j: 404", async (eventType) => {
    const res = await deliver(fixture("AssociationCreate"), { eventType });
    await expectRejected(res, 404, "not_found", "unknown_event_path");
  });
});

describe("body size limit", () => {
  const limit = 64;
  const big = eventBody({ type: "ContactCreate", padding: "x".repeat(200) });

  test("a declared Content-Length over the limit: 413 body_too_large", async () => {
    setEnv({ WEBHOOK_MAX_BODY_BYTES: String(limit) });
    const res = await deliver(big, { headers: { "content-length": String(Buffer.byteLength(big)) } });
    const row = await expectRejected(res, 413, "body_too_large");
    expect(row.bodySize).toBe(Buffer.byteLength(big));
  });

  test("a streamed body without Content-Length that grows over the limit: 413 body_too_large", async () => {
    setEnv({ WEBHOOK_MAX_BODY_BYTES: String(limit), REJECTED_BODY_PREFIX_BYTES: "16" });
    const bytes = Buffer.from(big);
    const chunks = [bytes.subarray(0, 40), bytes.subarray(40, 80), bytes.subarray(80)];
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const c of chunks) controller.enqueue(new Uint8Array(c));
        controller.close();
      },
    });
    const request = new Request("http://localhost:3000/api/webhooks/highlevel", {
      method: "POST",
      headers: { "content-type": "application/json", "x-ghl-signature": signEd25519(bytes) },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(request.headers.get("content-length")).toBeNull();
    const response = await postGeneric(request);
    const row = await expectRejected({ status: response.status, body: await response.json() }, 413, "body_too_large");
    expect(row.bodySize).toBeGreaterThan(limit);
    expect(row.bodyTruncated).toBe(true);
    expect(row.bodyPrefix).toBe(big.slice(0, 16));
  });

  test("a body of exactly the limit is accepted", async () => {
    setEnv({ WEBHOOK_MAX_BODY_BYTES: String(limit) });
    const body = eventBody({ note: "y".repeat(limit - 11) });
    expect(Buffer.byteLength(body)).toBe(limit);
    const res = await deliver(body, { headers: { "content-length": String(limit) } });
    expect(res.status).toBe(200);
    expect(await rejected()).toEqual([]);
  });
});

describe("the rejected log", () => {
  test("is bounded by REJECTED_MAX_ROWS, keeping the newest rows", async () => {
    setEnv({ REJECTED_MAX_ROWS: "5" });
    for (let i = 0; i < 8; i++) {
      expect((await deliver(`bad ${i}`)).status).toBe(400);
    }
    const rows = await rejected();
    expect(rows.map((r) => r.bodyPrefix)).toEqual(["bad 7", "bad 6", "bad 5", "bad 4", "bad 3"]);
  });

  test("keeps only a prefix of a long body", async () => {
    setEnv({ REJECTED_BODY_PREFIX_BYTES: "10" });
    const body = `not json ${"z".repeat(100)}`;
    await deliver(body);
    const row = only(await rejected());
    expect(row).toMatchObject({ bodyPrefix: body.slice(0, 10), bodySize: body.length, bodyTruncated: true });
  });
});

describe("bad input never yields a 5xx", () => {
  const bodies: [string, string | Uint8Array][] = [
    ["empty body", ""],
    ["whitespace", " \n\t "],
    ["truncated JSON", '{"type":"AssociationCreate",'],
    ["byte order mark", "\uFEFF{}"],
    ["raw NUL byte", new Uint8Array([0x7b, 0x00, 0x7d])],
    ["type not a string", '{"type":123}'],
    ["empty type", '{"type":""}'],
    ["very long type", JSON.stringify({ type: "T".repeat(5000) })],
    ["prototype keys", '{"type":"__proto__","__proto__":{"type":"AssociationCreate"},"constructor":1}'],
    ["handled type, no fields", '{"type":"AssociationCreate"}'],
    ["fields of the wrong types", JSON.stringify({ type: "RelationCreate", id: [], locationId: {}, associationId: null })],
    ["over-long label", withFields(fixture("AssociationCreate"), { type: "AssociationCreate", firstObjectLabel: "L".repeat(5000) })],
    ["over-long id", withFields(fixture("RelationCreate"), { type: "RelationCreate", id: "i".repeat(5000) })],
    ["timestamp out of Date range", JSON.stringify({ type: "ContactCreate", timestamp: 1e20, webhookId: "ts-huge" })],
    ["timestamp at the end of Date range", JSON.stringify({ type: "ContactCreate", timestamp: 8.64e15, locationId: "loc-far" })],
    ["timestamp in year 9999", withFields(fixture("AssociationUpdate"), { timestamp: "9999-12-31T23:59:59.999Z" })],
    ["timestamp not a date", JSON.stringify({ type: "ContactCreate", timestamp: "2025-13-45T99:99:99Z" })],
    ["timestamp negative", JSON.stringify({ type: "ContactCreate", timestamp: -5 })],
    ["webhookId not a string", JSON.stringify({ type: "ContactCreate", webhookId: { a: 1 } })],
    ["over-long envelope values", JSON.stringify({ webhookId: "w".repeat(5000), locationId: "l".repeat(5000), id: "i".repeat(5000) })],
    ["lone surrogate escape", '{"type":"Contact\\ud800Create","locationId":"loc\\udfff"}'],
    ["deep nesting", `${'{"a":'.repeat(2000)}1${"}".repeat(2000)}`],
  ];

  test.each(bodies)("%s", async (_name, body) => {
    const storedIds = new Set<number>();
    let refusals = 0;
    for (const eventType of [undefined, "AssociationUpdate", "ContactCreate"]) {
      const res = await deliver(body, { eventType });
      expect(res.status, `${eventType ?? "generic"} → ${JSON.stringify(res.body)}`).toBeLessThan(500);
      if (res.status === 200) {
        expect(["stored", "duplicate"]).toContain(res.body.status);
        storedIds.add(res.body.eventId as number);
      } else {
        expect(res.status).toBe(400);
        expect(res.body.error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
        refusals++;
      }
    }
    // Every answer left its trace, readable through the query layer.
    expect((await events()).map((e) => e.id).sort()).toEqual([...storedIds].sort());
    for (const id of storedIds) expect((await getEvent(id))?.id).toBe(id);
    expect(await rejected()).toHaveLength(refusals);
    await locations();
  });
});

describe("NUL characters (PostgreSQL text cannot hold them)", () => {
  test("in a projected field: 400 invalid_payload naming the field", async () => {
    const body = withFields(fixture("AssociationCreate"), { type: "AssociationCreate", firstObjectLabel: "a\u0000b" });
    const res = await deliver(body);
    await expectRejected(res, 400, "invalid_payload");
    expect(res.body.error.details).toEqual([expect.objectContaining({ path: "firstObjectLabel" })]);
  });

  test("in envelope fields: stored, with those fields treated as absent", async () => {
    const body = JSON.stringify({ type: "Contact\u0000Create", webhookId: "w\u0000", locationId: "l\u0000", id: "i\u0000" });
    const res = await deliver(body);
    expect(res.status).toBe(200);
    const event = await getEvent(res.body.eventId as number);
    expect(event).toMatchObject({ kind: "unclassified", type: null, webhookId: null, locationId: null, subjectId: null });
    expect(event?.rawBody).toBe(body);
  });

  test("quoted by the JSON error: the refusal is still logged", async () => {
    const row = await expectRejected(await deliver("\u0000 not json"), 400, "invalid_json");
    expect(row.message).not.toContain("\u0000");
    expect(row.bodyPrefix).toBe("\u0000 not json");
  });
});
