// The pure comparison of two bodies: which fields, how values show, the line diff
// and its bounds.
import { describe, expect, it } from "vitest";
import { fieldChangesBetween, maxDiffBodyBytes, prettyBody, rawBodyDiff, type BodySide } from "./event-diff";

const side = (kind: string, body: unknown): BodySide => {
  const rawBody = typeof body === "string" ? body : JSON.stringify(body);
  return { kind, rawBody, bodySize: Buffer.byteLength(rawBody) };
};

describe("fieldChangesBetween", () => {
  it("compares the projection's fields for two association events, in their order, ignoring envelope fields", () => {
    const a = side("association", {
      type: "AssociationCreate",
      id: "x",
      key: "k",
      firstObjectLabel: "Buyer",
      secondObjectLabel: "Home",
      locationId: "l",
      webhookId: "1",
    });
    const b = side("association", {
      type: "AssociationUpdate",
      id: "x",
      key: "k",
      firstObjectLabel: "Owner",
      secondObjectLabel: "Home",
      locationId: "l",
      webhookId: "2",
      firstObjectToSecondObjectCardinality: "ONE_TO_ONE",
    });
    expect(fieldChangesBetween(a, b)).toEqual({
      fields: "association",
      changes: [
        { field: "firstObjectLabel", from: "Buyer", to: "Owner" },
        { field: "firstObjectToSecondObjectCardinality", from: null, to: "ONE_TO_ONE" },
      ],
    });
  });

  it("compares every top-level field when the kinds differ, non-text values as JSON, own keys only", () => {
    const a = side("association", '{"type":"AssociationCreate","id":"x","n":1}');
    const b = side("other", '{"type":"ContactCreate","id":"x","n":{"deep":[1,2]},"__proto__":"p","constructor":"c"}');
    expect(fieldChangesBetween(a, b)).toEqual({
      fields: "body",
      changes: [
        { field: "type", from: "AssociationCreate", to: "ContactCreate" },
        { field: "n", from: "1", to: '{"deep":[1,2]}' },
        { field: "__proto__", from: null, to: "p" },
        { field: "constructor", from: null, to: "c" },
      ],
    });
  });
});

describe("rawBodyDiff", () => {
  it("gives unified hunks of the pretty-printed bodies, - for A only, + for B only", () => {
    const a = side("association", { id: "x", a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8, label: "Buyer" });
    const b = side("association", { id: "x", a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8, label: "Owner", extra: true });
    expect(rawBodyDiff(a, b)).toEqual({
      status: "compared",
      hunks: [
        {
          oldStart: 8,
          oldLines: 5,
          newStart: 8,
          newLines: 6,
          lines: ['   "f": 6,', '   "g": 7,', '   "h": 8,', '-  "label": "Buyer"', '+  "label": "Owner",', '+  "extra": true', " }"],
        },
      ],
    });
  });

  it("says identical for the same bytes, and gives no hunk when only whitespace differs", () => {
    expect(rawBodyDiff(side("other", '{"a":1}'), side("other", '{"a":1}'))).toEqual({ status: "identical" });
    expect(rawBodyDiff(side("other", '{"a":1}'), side("other", '{ "a" : 1 }'))).toEqual({ status: "compared", hunks: [] });
  });

  it("refuses bodies over the size cap on either side, before any work", () => {
    const big = side("other", { pad: "x".repeat(maxDiffBodyBytes) });
    expect(rawBodyDiff(side("other", { a: 1 }), big)).toEqual({ status: "too_large", limitBytes: 262_144 });
    expect(rawBodyDiff(big, side("other", { a: 1 }))).toEqual({ status: "too_large", limitBytes: 262_144 });
    const justUnder = side("other", { pad: "x".repeat(maxDiffBodyBytes - 20) });
    expect(justUnder.bodySize).toBeLessThanOrEqual(maxDiffBodyBytes);
    expect(rawBodyDiff(side("other", { pad: "y" }), justUnder).status).toBe("compared");
  });

  it("gives up on bodies too different to diff cheaply", () => {
    const a = side("other", { list: Array.from({ length: 6000 }, (_, i) => i) });
    const b = side("other", { list: Array.from({ length: 6000 }, (_, i) => i + 100_000) });
    expect(rawBodyDiff(a, b)).toEqual({ status: "too_complex" });
  });

  it("pretty-prints JSON and keeps anything else as text", () => {
    expect(prettyBody('{"a":[1,"<b>"]}')).toBe('{\n  "a": [\n    1,\n    "<b>"\n  ]\n}\n');
    expect(prettyBody("not json")).toBe("not json\n");
  });
});
