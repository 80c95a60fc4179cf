// Property tests of the receiver, through the real route handlers and database:
// any body gets a 2xx or 4xx, never a 5xx, and a 2xx only for a JSON object; any
// valid association or relation payload is stored and read back field for field.
// Plus the pure pieces (envelopeOf, parseTimestamp) over arbitrary input.
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as associationApi } from "@/app/api/associations/[id]/route";
import { GET as eventApi } from "@/app/api/events/[id]/route";
import { GET as relationsApi } from "@/app/api/relations/route";
import { db } from "@/lib/db";
import { envelopeOf, isJsonObject, parseTimestamp } from "@/lib/highlevel/envelope";
import { handledEventTypes, isHandledEventType } from "@/lib/domain/events";
import { walkApi } from "./helpers/csv";
import { clearDatabase } from "./helpers/db";
import { deliver, get, type Json } from "./helpers/http";

beforeAll(clearDatabase);

const params = <T extends object>(value: T) => ({ params: Promise.resolve(value) });
const eventCount = async () => (await db()).event.count();
const utf8 = new TextDecoder("utf-8", { fatal: true });
const parsesToObject = (body: Uint8Array) => {
  try {
    return isJsonObject(JSON.parse(utf8.decode(body)));
  } catch {
    return false;
  }
};

/** Any JSON value, and objects that look like events (a handled or other `type` beside random fields). */
const jsonBodies = fc.oneof(
  fc.jsonValue(),
  fc
    .record({ type: fc.constantFrom(...handledEventTypes, "ContactCreate", ""), rest: fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 })) })
    .map(({ type, rest }) => ({ ...rest, type })),
);

describe("any body: never a 5xx, a 2xx only for an object", () => {
  it("arbitrary JSON values", async () => {
    await fc.assert(
      fc.asyncProperty(jsonBodies, fc.constantFrom(undefined, "AssociationUpdate", "ContactCreate"), async (value, eventType) => {
        const res = await deliver(JSON.stringify(value), { eventType });
        expect(res.status, JSON.stringify(res.body)).toBeLessThan(500);
        if (!isJsonObject(value)) expect(res.body.error?.code).toBe("not_object");
        else if (eventType === undefined && !(typeof value.type === "string" && isHandledEventType(value.type))) expect(res.status).toBe(200);
        if (res.status === 200) expect(isJsonObject(value)).toBe(true);
        else expect([400, 404]).toContain(res.status);
      }),
      { numRuns: 100 },
    );
  });

  it("arbitrary text and bytes", async () => {
    const bodies = fc.oneof(
      fc.string({ unit: "binary", maxLength: 200 }).map((s) => new Uint8Array(Buffer.from(s, "utf8"))),
      fc.json().chain((s) => fc.nat({ max: s.length }).map((n) => new Uint8Array(Buffer.from(s.slice(0, n), "utf8")))),
      fc.uint8Array({ maxLength: 200 }),
    );
    await fc.assert(
      fc.asyncProperty(bodies, async (body) => {
        const res = await deliver(body);
        expect(res.status, JSON.stringify(res.body)).toBeLessThan(500);
        expect(res.status === 200).toBe(parsesToObject(body));
      }),
      { numRuns: 100 },
    );
  });
});

// Field values: any code points (binary excludes unpaired surrogates) but NUL, within the schema's limits.
const noNul = (s: string) => s.replaceAll("\u0000", "");
const idText = fc
  .string({ unit: "binary", minLength: 1, maxLength: 90 })
  .map(noNul)
  .filter((s) => s.length > 0);
const text = fc.oneof(fc.string({ unit: "binary", maxLength: 400 }), fc.string({ unit: "grapheme", maxLength: 50 })).map(noNul);
// Each delivery gets a fresh id prefix in the property body, not in the arbitrary: while
// shrinking, fast-check re-runs a record with some fields kept, which would reuse an id.
let serial = 0;
const unique = <T extends { id: string }>(payload: T): T => ({ ...payload, id: `${++serial}:${payload.id}` });

const associationPayload = fc.record({
  id: idText,
  key: text,
  associationType: text,
  firstObjectKey: text,
  firstObjectLabel: text,
  secondObjectKey: text,
  secondObjectLabel: text,
  firstObjectToSecondObjectCardinality: text,
  secondObjectToFirstObjectCardinality: text,
  locationId: idText,
});
const relationPayload = fc.record({
  id: idText,
  associationId: idText,
  firstObjectKey: text,
  firstRecordId: idText,
  secondObjectKey: text,
  secondRecordId: idText,
  locationId: idText,
});

async function deliverStored(type: string, fields: Record<string, string>): Promise<void> {
  const body = JSON.stringify({ type, ...fields, webhookId: randomUUID() });
  const res = await deliver(body);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body.status).toBe("stored");
  const event = await get(eventApi, `/api/events/${res.body.eventId}`, params({ id: String(res.body.eventId) }));
  expect(event.body.data.rawBody).toBe(body);
}

describe("any valid payload is stored and read back exactly", () => {
  it("associations", async () => {
    await fc.assert(
      fc.asyncProperty(associationPayload.map(unique), async (payload) => {
        await deliverStored("AssociationUpdate", payload);
        const res = await get(associationApi, "/api/associations/x", params({ id: payload.id }));
        expect(res.status).toBe(200);
        const row = res.body.data as Json;
        expect(Object.fromEntries(Object.keys(payload).map((k) => [k, row[k]]))).toEqual(payload);
      }),
      { numRuns: 60 },
    );
  });

  it("relations", async () => {
    await fc.assert(
      fc.asyncProperty(relationPayload.map(unique), async (payload) => {
        await deliverStored("RelationCreate", payload);
        // Read unfiltered: text filters trim their value, and these ids may start or end with whitespace.
        const rows = (await walkApi(relationsApi, "/api/relations", "", 500)).filter((r) => r.id === payload.id);
        expect(rows.map((r) => Object.fromEntries(Object.keys(payload).map((k) => [k, r[k]])))).toEqual([payload]);
      }),
      { numRuns: 40 },
    );
  });

  it("an unpaired surrogate in any field is refused (UTF-8 cannot store it), and nothing is stored", async () => {
    const field = fc.constantFrom("id", "key", "firstObjectLabel", "secondObjectKey", "locationId", "firstObjectToSecondObjectCardinality");
    const lone = fc.constantFrom("\uD800", "\uDBFF", "\uDC00", "\uDFFF");
    await fc.assert(
      fc.asyncProperty(associationPayload, field, lone, fc.nat(), async (payload, name, surrogate, at) => {
        const value = payload[name as keyof typeof payload];
        const cut = at % (value.length + 1);
        const bad = { ...payload, [name]: value.slice(0, cut).replace(/[\uD800-\uDBFF]$/, "") + surrogate + value.slice(cut).replace(/^[\uDC00-\uDFFF]/, "") };
        const before = await eventCount();
        const res = await deliver(JSON.stringify({ type: "AssociationUpdate", ...bad }));
        expect(res.status).toBe(400);
        expect(res.body.error.code).toBe("invalid_payload");
        expect(await eventCount()).toBe(before);
      }),
      { numRuns: 30 },
    );
  });
});

describe("pure pieces", () => {
  const latest = Date.UTC(10000, 0, 1);

  it("envelopeOf never throws and yields only storable strings within its limits", () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.constantFrom("type", "webhookId", "timestamp", "locationId", "id", "associationId", "x"),
          fc.oneof(fc.jsonValue(), fc.string({ unit: "binary" })),
        ),
        (body) => {
          const envelope = envelopeOf(body);
          for (const [name, value] of Object.entries(envelope)) {
            if (typeof value !== "string") continue;
            expect(value).toBe(body[name]);
            expect(value.length).toBeLessThanOrEqual(name === "type" ? 100 : 200);
            expect(value.trim()).not.toBe("");
            // No NUL and no lone surrogate (\p{Cs} under the u flag): neither is storable text.
            expect(value).not.toMatch(/\0|\p{Cs}/u);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it("parseTimestamp gives null or a date in 1970–9999; epoch milliseconds and ISO texts in range come back exactly", () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.double(), fc.string()), (value) => {
        const date = parseTimestamp(value);
        // (0, 1) ms, e.g. 5e-324, is clipped to the epoch itself by Date.
        if (date) expect(date.getTime() >= 0 && date.getTime() < latest).toBe(true);
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: latest - 1 }), (ms) => {
        expect(parseTimestamp(ms)?.getTime()).toBe(ms);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.date({ min: new Date(1), max: new Date(Date.UTC(9999, 11, 31)), noInvalidDate: true }), (d) => {
        expect(parseTimestamp(d.toISOString())?.getTime()).toBe(d.getTime());
      }),
      { numRuns: 300 },
    );
  });
});
