// The stored details of an alert, read back by the notification queue and the alerts page.
import { describe, expect, it } from "vitest";
import { parseDetails } from "./alerts";

describe("parseDetails", () => {
  it("reads back what the evaluator wrote", () => {
    const details = {
      counts: { rejected: 12, cause: "bad_signature", percent: null },
      sample: { id: 7, path: "/x" },
      path: "/rejected?cause=bad_signature",
      locationName: "Acme",
    };
    expect(parseDetails(JSON.stringify(details))).toEqual(details);
  });

  it("fills each missing or malformed field on its own, keeping the others", () => {
    expect(parseDetails(JSON.stringify({ counts: "many", path: "/events" }))).toEqual({ counts: {}, sample: null, path: "/events", locationName: null });
    expect(parseDetails("[]")).toEqual({ counts: {}, sample: null, path: "/", locationName: null });
  });

  it("throws on text that is not JSON", () => {
    expect(() => parseDetails("{not json")).toThrow(SyntaxError);
  });
});
