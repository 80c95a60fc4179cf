// The post-sign-in redirect: every `next` value, however encoded, lands on this
// site. Each case is judged as a browser would: the returned Location resolved
// against the sign-in URL with the WHATWG parser.
import { describe, expect, it } from "vitest";
import { safeNextPath } from "./redirect";

const site = "https://monitor.example";
const signInUrl = `${site}/api/auth/sign-in`;

/** Where a browser goes when it gets `Location: <location>` from the sign-in route. */
const browserTarget = (location: string) => new URL(location, signInUrl);

describe("safeNextPath", () => {
  it("keeps a path on this site with its query and fragment", () => {
    expect(safeNextPath("/associations?locationId=x&status=active")).toBe("/associations?locationId=x&status=active");
    expect(safeNextPath("/events/12#raw")).toBe("/events/12#raw");
    expect(safeNextPath("/associations?q=a%2Fb")).toBe("/associations?q=a%2Fb");
    expect(safeNextPath("/")).toBe("/");
  });

  it("answers / for missing, relative or over-long values", () => {
    for (const v of [undefined, null, "", "associations", "?x=1", "#top", `/${"a".repeat(3000)}`]) expect(safeNextPath(v)).toBe("/");
  });

  // Values as the route sees them, i.e. after the query string or form was decoded once.
  const bypasses = [
    "https://evil.example",
    "http://evil.example/x",
    "//evil.example",
    "///evil.example",
    "////evil.example",
    "/\\evil.example",
    "/\\/evil.example",
    "\\\\evil.example",
    "/\t/evil.example", // `?next=/%09/evil.example` decoded: browsers drop the tab
    "/\n/evil.example",
    "/\r\n/evil.example",
    "/\t\t//evil.example",
    "\t//evil.example",
    " //evil.example",
    "/\u0000/evil.example",
    "/\u001f/evil.example",
    "/\u007f/evil.example",
    "/.//evil.example", // the parser removes "/." and leaves "//evil.example"
    "/..//evil.example",
    "/a/..//evil.example",
    "/%2e//evil.example",
    "/%2E%2E//evil.example",
    "/./\\evil.example",
    "https:evil.example", // relative to an https page, but a scheme nonetheless
    "https:/evil.example",
    "http:\\\\evil.example",
    "javascript:alert(1)",
    "/javascript:alert(1)//evil.example\\",
    "data:text/html,<script>alert(1)</script>",
  ];

  it.each(bypasses)("refuses %j", (raw) => {
    expect(safeNextPath(raw)).toBe("/");
  });

  // Values that stay encoded in the Location header: the browser asks this site for
  // an odd path (a 404), it does not leave. Decoded once more they would be attacks,
  // which is why the value is never decoded again.
  const encoded = [
    "/%09/evil.example",
    "/%5Cevil.example",
    "/%5C%5Cevil.example",
    "/%2F%2Fevil.example",
    "/%2f/evil.example",
    "/.%2F/evil.example",
    "/%0d%0a/evil.example",
    "/%E3%80%80/evil",
  ];

  it.each(encoded)("keeps %j on this site", (raw) => {
    const location = safeNextPath(raw);
    expect(location.startsWith("/") && !location.startsWith("//")).toBe(true);
    expect(browserTarget(location).origin).toBe(site);
  });

  it("never returns a Location a browser would follow off-site, for any listed input", () => {
    for (const raw of [...bypasses, ...encoded, "/@evil.example", "/%40evil.example", "/?next=//evil.example", "/#//evil.example"]) {
      const location = safeNextPath(raw);
      expect(browserTarget(location).origin, JSON.stringify(raw)).toBe(site);
      expect(new URL(location, "http://127.0.0.1:3000/api/auth/sign-in").host, JSON.stringify(raw)).toBe("127.0.0.1:3000");
    }
  });
});
