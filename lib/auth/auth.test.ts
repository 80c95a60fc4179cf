// Dashboard access control: session tokens, password checks, Basic auth, the
// production rule, sign-in throttling and safe redirects.
import { afterEach, describe, expect, it } from "vitest";
import { resetEnv } from "../env";
import { authModeOf } from "./mode";
import { basicPassword, passwordMatches } from "./password";
import { safeNextPath } from "./redirect";
import { cookieValue, isAuthorized } from "./request-auth";
import { createSessionToken, sessionCookieName, verifySessionToken } from "./session";
import { recordFailure, recordSuccess, resetThrottle, signInDelay } from "./throttle";

const hour = 3_600_000;

describe("session tokens", () => {
  it("verify with the same password before expiry only", () => {
    const now = Date.parse("2026-11-30T00:00:00Z");
    const token = createSessionToken("s3cret", hour, now);
    expect(verifySessionToken(token, "s3cret", now + hour - 1)).toBe(true);
    expect(verifySessionToken(token, "s3cret", now + hour + 1)).toBe(false);
    expect(verifySessionToken(token, "other", now)).toBe(false);
  });

  it("reject tampered, truncated and malformed tokens", () => {
    const token = createSessionToken("s3cret", hour, Date.now());
    const [v, expires, mac] = token.split(".");
    expect(verifySessionToken(`${v}.${Number(expires) + hour}.${mac}`, "s3cret")).toBe(false);
    expect(verifySessionToken(token.slice(0, -1), "s3cret")).toBe(false);
    expect(verifySessionToken(`${token}x`, "s3cret")).toBe(false);
    for (const bad of [undefined, "", "v1", "v1.abc.def", "v2.1.x"]) expect(verifySessionToken(bad, "s3cret")).toBe(false);
  });
});

describe("password checks", () => {
  it("compare exactly, whatever the lengths", () => {
    expect(passwordMatches("correct horse", "correct horse")).toBe(true);
    expect(passwordMatches("correct hors", "correct horse")).toBe(false);
    expect(passwordMatches("", "correct horse")).toBe(false);
    expect(passwordMatches("Correct horse", "correct horse")).toBe(false);
  });

  it("read the password of a Basic header with any user name", () => {
    const header = (s: string) => `Basic ${Buffer.from(s).toString("base64")}`;
    expect(basicPassword(header("admin:pa:ss"))).toBe("pa:ss");
    expect(basicPassword(header(":pw"))).toBe("pw");
    expect(basicPassword(header("nocolon"))).toBeNull();
    expect(basicPassword("Bearer abc")).toBeNull();
    expect(basicPassword(null)).toBeNull();
  });
});

describe("auth mode", () => {
  it("needs a password in production unless DASHBOARD_AUTH=off", () => {
    expect(() => authModeOf({ DASHBOARD_PASSWORD: undefined, DASHBOARD_AUTH: undefined }, "production")).toThrow(/DASHBOARD_PASSWORD is not set/);
    expect(authModeOf({ DASHBOARD_PASSWORD: undefined, DASHBOARD_AUTH: "off" }, "production")).toEqual({ kind: "off" });
    expect(authModeOf({ DASHBOARD_PASSWORD: "twelve chars", DASHBOARD_AUTH: undefined }, "production")).toEqual({ kind: "password", password: "twelve chars" });
    expect(authModeOf({ DASHBOARD_PASSWORD: undefined, DASHBOARD_AUTH: undefined }, "development")).toEqual({ kind: "open-dev" });
  });

  it("refuses a password shorter than 12 characters, in production and development alike", () => {
    for (const nodeEnv of ["production", "development"]) {
      expect(() => authModeOf({ DASHBOARD_PASSWORD: "hunter2", DASHBOARD_AUTH: undefined }, nodeEnv)).toThrow(
        /DASHBOARD_PASSWORD is too short \(7 characters; at least 12 are needed\)/,
      );
      expect(() => authModeOf({ DASHBOARD_PASSWORD: "eleven char", DASHBOARD_AUTH: undefined }, nodeEnv)).toThrow(/too short \(11 characters/);
    }
    // Characters, not bytes: 11 emoji are 44 bytes and still too short.
    expect(() => authModeOf({ DASHBOARD_PASSWORD: "🔑".repeat(11), DASHBOARD_AUTH: undefined }, "production")).toThrow(/too short \(11 characters/);
    expect(authModeOf({ DASHBOARD_PASSWORD: "🔑".repeat(12), DASHBOARD_AUTH: undefined }, "production").kind).toBe("password");
  });
});

describe("isAuthorized", () => {
  afterEach(() => {
    delete process.env.DASHBOARD_PASSWORD;
    resetEnv();
  });

  it("lets everything through in development without a password", () => {
    expect(isAuthorized(new Headers())).toBe(true);
  });

  it("with a password: accepts a valid cookie or Basic auth, nothing else", () => {
    process.env.DASHBOARD_PASSWORD = "hunter2 hunter2";
    resetEnv();
    const cookie = `${sessionCookieName}=${createSessionToken("hunter2 hunter2", hour)}`;
    expect(isAuthorized(new Headers())).toBe(false);
    expect(isAuthorized(new Headers({ cookie: `theme=dark; ${cookie}` }))).toBe(true);
    expect(isAuthorized(new Headers({ cookie: `${sessionCookieName}=${createSessionToken("wrong", hour)}` }))).toBe(false);
    expect(isAuthorized(new Headers({ authorization: `Basic ${Buffer.from("admin:hunter2 hunter2").toString("base64")}` }))).toBe(true);
    expect(isAuthorized(new Headers({ authorization: `Basic ${Buffer.from("admin:hunter2 hunter3").toString("base64")}` }))).toBe(false);
  });

  it("reads one cookie out of a cookie header", () => {
    expect(cookieValue("a=1; b=2; c=3", "b")).toBe("2");
    expect(cookieValue("ab=1", "b")).toBeUndefined();
    expect(cookieValue(null, "b")).toBeUndefined();
  });
});

describe("sign-in throttle", () => {
  afterEach(resetThrottle);

  it("doubles the wait per failure, caps it, locks after 20, and forgets on success", () => {
    expect(signInDelay("1.2.3.4", 0)).toBe(0);
    recordFailure("1.2.3.4", 0);
    expect(signInDelay("1.2.3.4", 0)).toBe(250);
    recordFailure("1.2.3.4", 0);
    expect(signInDelay("1.2.3.4", 0)).toBe(500);
    for (let i = 0; i < 10; i++) recordFailure("1.2.3.4", 0);
    expect(signInDelay("1.2.3.4", 0)).toBe(8000);
    expect(signInDelay("5.6.7.8", 0)).toBe(0);
    for (let i = 0; i < 8; i++) recordFailure("1.2.3.4", 0);
    expect(signInDelay("1.2.3.4", 0)).toBe("locked");
    expect(signInDelay("1.2.3.4", 16 * 60_000)).toBe(0); // the window passed
    recordFailure("9.9.9.9", 0);
    recordSuccess("9.9.9.9");
    expect(signInDelay("9.9.9.9", 0)).toBe(0);
  });
});

describe("safeNextPath", () => {
  it("only allows paths on this site", () => {
    expect(safeNextPath("/associations?locationId=x")).toBe("/associations?locationId=x");
    for (const bad of ["https://evil.example", "//evil.example", "/\\evil.example", "javascript:alert(1)", "", null, undefined]) {
      expect(safeNextPath(bad)).toBe("/");
    }
  });
});
