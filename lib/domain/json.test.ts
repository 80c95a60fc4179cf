// Reading our own stored JSON back: bodies and request headers.
import { describe, expect, it } from "vitest";
import { jsonObjectFields, parseStoredHeaders } from "./json";

describe("jsonObjectFields", () => {
  it("gives an object's fields, and {} for JSON that is not an object or text that is not JSON", () => {
    expect(jsonObjectFields('{"id":"a1","n":2}')).toEqual({ id: "a1", n: 2 });
    for (const text of ["[1]", "null", '"x"', "{oops"]) expect(jsonObjectFields(text)).toEqual({});
  });
});

describe("parseStoredHeaders", () => {
  it("reads back the headers the receiver stored", () => {
    const headers = { "content-type": "application/json", "x-ghl-signature": "abc…" };
    expect(parseStoredHeaders(JSON.stringify(headers))).toEqual(headers);
  });

  it("refuses what the receiver never writes", () => {
    expect(() => parseStoredHeaders('{"n":1}')).toThrow();
    expect(() => parseStoredHeaders("[]")).toThrow();
  });
});
