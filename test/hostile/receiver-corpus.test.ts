// The hostile-request corpus against the webhook receiver: every case gets its
// documented answer and never a 5xx. A refused case leaves every stored row as it
// was (only the rejected log grows, by one row with the case's cause); an accepted
// one stores the body byte for byte and its fields read back exactly.
import { beforeAll, describe, expect, test } from "vitest";
import { GET as associationApi } from "@/app/api/associations/[id]/route";
import { GET as eventApi } from "@/app/api/events/[id]/route";
import { GET as associationsCsv } from "@/app/api/export/associations.csv/route";
import { GET as eventsCsv } from "@/app/api/export/events.csv/route";
import { GET as relationsCsv } from "@/app/api/export/relations.csv/route";
import { GET as relationsApi } from "@/app/api/relations/route";
import * as genericRoute from "@/app/api/webhooks/highlevel/route";
import * as typedRoute from "@/app/api/webhooks/highlevel/[eventType]/route";
import { download } from "../helpers/csv";
import { clearDatabase } from "../helpers/db";
import { get, type Json } from "../helpers/http";
import { useEnv } from "../helpers/rejections";
import { rejected } from "../helpers/state";
import { association, associationKeys, json, relation, relationKeys, validSignature, type ReceiverCase, type Stored } from "./build";
import { bodyCases } from "./cases-body";
import { signatureCases } from "./cases-signature";
import { expectErrorEnvelope, expectTablesIntact, send, snapshot } from "./harness";

const corpus: ReceiverCase[] = [...bodyCases, ...signatureCases];
const setEnv = useEnv();
const params = <T extends object>(value: T) => ({ params: Promise.resolve(value) });

beforeAll(async () => {
  await clearDatabase();
  // Rows in every table, so "unchanged" is about real data, not empty tables.
  for (const payload of [association({ id: "hostile-parent" }), relation({ associationId: "hostile-parent" })]) {
    const body = json(payload);
    expect((await send({ body, headers: validSignature(body) })).status).toBe(200);
  }
});

function pick(row: Json, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, row[k]]));
}

/** The event holds the exact bytes; its association or relation reads back field for field. */
async function expectStored(eventId: number, body: Uint8Array, stored: Stored) {
  const event = await get(eventApi, `/api/events/${eventId}`, params({ id: String(eventId) }));
  expect(event.status).toBe(200);
  expect(event.body.data.rawBodyBase64).toBe(Buffer.from(body).toString("base64"));
  expect(event.body.data.kind).toBe(stored.kind);
  if (stored.kind === "association") {
    const id = stored.fields.id ?? "";
    const res = await get(associationApi, `/api/associations/${encodeURIComponent(id)}`, params({ id }));
    expect(res.status).toBe(200);
    expect(pick(res.body.data, associationKeys)).toEqual(stored.fields);
  } else if (stored.kind === "relation") {
    const res = await get(relationsApi, `/api/relations?limit=500&associationId=${encodeURIComponent(stored.fields.associationId ?? "")}`);
    expect(res.status).toBe(200);
    const rows = (res.body.data as Json[]).filter((r) => r.id === stored.fields.id);
    expect(rows.map((r) => pick(r, relationKeys))).toEqual([stored.fields]);
  }
}

test("the corpus has at least 60 cases, each named once", () => {
  expect(corpus.length).toBeGreaterThanOrEqual(60);
  const names = corpus.map((c) => `${c.group}: ${c.name}`);
  expect(new Set(names).size).toBe(names.length);
});

describe("hostile requests to the receiver", () => {
  test.each(corpus.map((c) => [`${c.group}: ${c.name}`, c] as const))("%s", async (_name, c) => {
    if (c.env) setEnv(c.env);
    const before = await snapshot();
    const contentType: [string, string][] = c.contentType === null ? [] : [["content-type", c.contentType ?? "application/json"]];
    const answer = await send({
      eventType: c.eventType,
      body: c.body,
      headers: [...contentType, ...(c.signature ?? validSignature)(c.body), ...(c.headers ?? [])],
    });
    expect(answer.status, JSON.stringify(answer.body)).toBeLessThan(500);
    const after = await snapshot();
    if (c.expect.status === 200) {
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      expect(answer.body).toEqual({ status: "stored", eventId: expect.any(Number) });
      expect(after.counts.events).toBe(before.counts.events + 1);
      expect(after.rejected).toBe(before.rejected);
      await expectStored(answer.body.eventId as number, c.expect.storedBody ?? c.body, c.expect.stored);
      await expectTablesIntact();
    } else {
      expectErrorEnvelope(answer, c.expect.status, c.expect.code);
      expect(after).toEqual({ ...before, rejected: before.rejected + 1 });
      const [row] = await rejected({ limit: "1" });
      expect(row).toMatchObject({ status: c.expect.status, cause: c.expect.cause ?? c.expect.code, method: "POST" });
    }
  });
});

describe("what never reaches the receiver", () => {
  test("the webhook routes export POST and no GET, HEAD, PUT, PATCH or DELETE, so Next answers those 405", () => {
    for (const route of [genericRoute, typedRoute]) {
      const handlers = Object.entries(route)
        .filter(([, value]) => typeof value === "function")
        .map(([name]) => name);
      expect(handlers).toContain("POST");
      for (const method of ["GET", "HEAD", "PUT", "PATCH", "DELETE"]) expect(handlers).not.toContain(method);
    }
  });

  test("a signature header with a line break, CR or NUL inside cannot be built (Node refuses such requests)", () => {
    for (const value of ["abc\ndef", "abc\r\nX-Injected: 1", "abc\rdef", "abc\u0000def"]) {
      expect(() => new Headers([["x-ghl-signature", value]])).toThrow(TypeError);
    }
    // Leading and trailing whitespace, line breaks included, is stripped before the handler sees it.
    expect(new Headers([["x-ghl-signature", "\r\n\t sig \n"]]).get("x-ghl-signature")).toBe("sig");
  });
});

describe("after the corpus", () => {
  test("every table is intact and every export answers in full (deep-nested bodies included)", async () => {
    await expectTablesIntact();
    const { counts } = await snapshot();
    const events = await download(eventsCsv, "/api/export/events.csv");
    expect(events.status).toBe(200);
    expect(events.rows).toHaveLength(counts.events);
    expect(events.rows.some((r) => r.id === "(nested too deeply to show)")).toBe(true);
    expect((await download(associationsCsv, "/api/export/associations.csv")).rows).toHaveLength(counts.associations);
    expect((await download(relationsCsv, "/api/export/relations.csv")).rows).toHaveLength(counts.relations);
  });
});
