import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { envelopeOf, isJsonObject, parseTimestamp, type JsonObject } from "./envelope";

const fixture = (name: string): JsonObject => {
  const body: unknown = JSON.parse(readFileSync(join(__dirname, "../../test/fixtures/highlevel", `${name}.json`), "utf8"));
  if (!isJsonObject(body)) throw new Error(`fixture ${name} is not a JSON object`);
  return body;
};

describe("envelopeOf", () => {
  it("reads the envelope of a real delivery", () => {
    expect(envelopeOf(fixture("envelope-example.OpportunityCreate"))).toEqual({
      type: "OpportunityCreate",
      webhookId: "881b9415-5d35-4ff1-a667-0545b80b96c0",
      timestamp: new Date("2025-11-07T12:46:45.953Z"),
      locationId: "3jJ0coeqWCZMAosyGQ6K",
      id: "UHXrFfZGSH5rj7z5rdDP",
      associationId: null,
    });
  });

  it("gives null for the envelope fields the docs' flat examples lack", () => {
    const relation = fixture("RelationCreate");
    const envelope = envelopeOf(relation);
    expect(envelope).toMatchObject({ type: null, webhookId: null, timestamp: null });
    expect(envelope.associationId).toBe(relation.associationId);
    expect(envelope.id).toBe(relation.id);
  });

  it("treats non-strings, blank strings and over-long strings as absent", () => {
    expect(envelopeOf({ type: 42, webhookId: "   ", locationId: ["loc"], id: { a: 1 }, associationId: "" })).toEqual({
      type: null,
      webhookId: null,
      timestamp: null,
      locationId: null,
      id: null,
      associationId: null,
    });
    expect(envelopeOf({ type: "T".repeat(100), webhookId: "w".repeat(200) })).toMatchObject({
      type: "T".repeat(100),
      webhookId: "w".repeat(200),
    });
    expect(envelopeOf({ type: "T".repeat(101), webhookId: "w".repeat(201) })).toMatchObject({ type: null, webhookId: null });
  });
});

describe("parseTimestamp", () => {
  it("reads ISO 8601 date-times, with or without offset", () => {
    expect(parseTimestamp("2026-03-01T10:00:00.000Z")).toEqual(new Date(Date.UTC(2026, 2, 1, 10)));
    expect(parseTimestamp("2026-03-01T12:00:00+02:00")).toEqual(new Date(Date.UTC(2026, 2, 1, 10)));
  });

  it("reads epoch milliseconds", () => {
    const ms = Date.UTC(2026, 2, 1, 10, 30);
    expect(parseTimestamp(ms)).toEqual(new Date(ms));
  });

  it.each([null, undefined, "", "yesterday", "2026-03-01", "1772359200000", "2026-13-01T00:00:00Z", 0, -5, Number.NaN, Infinity, 1e20, true, {}])(
    "treats %j as absent",
    (value) => {
      expect(parseTimestamp(value)).toBeNull();
    },
  );
});

describe("isJsonObject", () => {
  it("is true only for plain objects", () => {
    expect(isJsonObject({})).toBe(true);
    expect(isJsonObject({ a: 1 })).toBe(true);
    for (const value of [null, [], [{}], "{}", 1, undefined]) expect(isJsonObject(value)).toBe(false);
  });
});
