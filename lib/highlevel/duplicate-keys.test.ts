// Duplicate keys at any depth, keys compared after unescaping, and never a false
// alarm on JSON.stringify output (which cannot repeat a key).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findDuplicateKey } from "./duplicate-keys";

describe("findDuplicateKey", () => {
  it.each([
    ['{"a":1,"a":2}', { key: "a", path: "$" }],
    ['{"a":"x","b":{"c":1,"c":2}}', { key: "c", path: "$.b" }],
    ['{"items":[{"a":1},{"a":1,"a":2}]}', { key: "a", path: "$.items[1]" }],
    ['{"name":"a","n\\u0061me":"b"}', { key: "name", path: "$" }],
    ['{ "k" : 1 , "k" : 2 }', { key: "k", path: "$" }],
    ['{"s":"{\\"a\\":1,\\"a\\":2}","t":1,"t":2}', { key: "t", path: "$" }],
  ])("finds the duplicate in %s", (text, expected) => {
    expect(findDuplicateKey(text)).toEqual(expected);
  });

  it.each(['{"a":1,"b":{"a":1},"c":[{"a":1},{"a":2}]}', '{"a":"a","b":"\\"a\\":1,\\"a\\":2"}', '{"":1,"x":{"":2}}', "[1,2,3]", '{"a\\\\":1,"a":2}'])(
    "finds none in %s",
    (text) => {
      expect(findDuplicateKey(text)).toBeNull();
    },
  );

  it("stays linear in the nesting depth: 100,000 levels, and a duplicate at the bottom named by its full path", () => {
    const depth = 100_000;
    expect(findDuplicateKey(`${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`)).toBeNull();
    const found = findDuplicateKey(`${'{"a":['.repeat(depth)}{"k":1,"k":2}${"]}".repeat(depth)}`);
    expect(found?.key).toBe("k");
    expect(found?.path).toBe(`$${".a[0]".repeat(depth)}`);
  });

  it("never flags JSON.stringify output, whatever its keys and nesting", () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => findDuplicateKey(JSON.stringify(value)) === null));
  });

  it("always flags a key repeated in any one object of a JSON.stringify output", () => {
    const withObject = fc.dictionary(fc.string(), fc.jsonValue(), { minKeys: 1 });
    fc.assert(
      fc.property(fc.jsonValue(), withObject, fc.nat(), (outer, inner, pick) => {
        const keys = Object.keys(inner);
        const key = keys[pick % keys.length] ?? "";
        const innerText = JSON.stringify(inner);
        // Repeat one key of `inner` at its end, then nest it inside `outer`.
        const repeated = `${innerText.slice(0, -1)},${JSON.stringify(key)}:null}`;
        const text = `{"outer":${JSON.stringify(outer)},"inner":${repeated}}`;
        expect(() => JSON.parse(text)).not.toThrow();
        expect(findDuplicateKey(text)).toEqual({ key, path: "$.inner" });
      }),
    );
  });
});
