// Dashboard access control: session tokens, password checks, Basic auth, the
// start-up rules, and what authorize() accepts.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resetEnv } from "../env";
import { authModeOf } from "./mode";
import { basicPassword, passwordMatches } from "./password";
import { authorize, checkedHeader, cookieValue, isAuthorized, proxyCheckToken } from "./request-auth";
import { resetSessionSecret } from "./secret";
import { newSessionId, passwordTag, readSessionToken, sessionCookieName, sessionToken } from "./session";
import { clearSessionCache, endSession, startSession } from "./sessions";
import { resetThrottle } from "./throttle";

const hour = 3_600_000;
const secret = Buffer.from("a test secret that is long enough for HMAC use");

describe("session tokens", () => {
  it("name a session id and expiry, valid under the same secret before expiry only", () => {
    const now = Date.parse("2026-11-30T00:00:00Z");
    const id = newSessionId();
    const token = sessionToken(id, now + hour, secret);
    expect(token).toMatch(/^v2\.[A-Za-z0-9_-]{22}\.\d{13}\.[A-Za-z0-9_-]{43}$/);
    expect(readSessionToken(token, secret, now + hour - 1)).toEqual({ id, expiresAt: now + hour });
    expect(readSessionToken(token, secret, now + hour)).toBeNull();
    expect(readSessionToken(token, Buffer.from("another secret, also long enough to use"), now)).toBeNull();
  });

  it("reject tampered, truncated and malformed tokens", () => {
    const now = Date.now();
    const token = sessionToken(newSessionId(), now + hour, secret);
    const [v, id, expires, mac] = token.split(".");
    expect(readSessionToken(`${v}.${id}.${Number(expires) + hour}.${mac}`, secret)).toBeNull();
    expect(readSessionToken(`${v}.${newSessionId()}.${expires}.${mac}`, secret)).toBeNull();
    expect(readSessionToken(token.slice(0, -1), secret)).toBeNull();
    expect(readSessionToken(`${token}x`, secret)).toBeNull();
    for (const bad of [undefined, "", "v2", "v2.a.b.c", "v1.1.x", `v1.${now + hour}.${mac}`]) expect(readSessionToken(bad, secret)).toBeNull();
  });

  it("tag the password under the secret: another password or secret, another tag", () => {
    const tag = passwordTag("correct horse battery", secret);
    expect(tag).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(tag).not.toContain("horse");
    expect(passwordTag("correct horse battery", secret)).toBe(tag);
    expect(passwordTag("correct horse batterz", secret)).not.toBe(tag);
    expect(passwordTag("correct horse battery", Buffer.from("another secret, also long enough to use"))).not.toBe(tag);
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
    for (const nodeEnv of ["production", "development"] as const) {
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

describe("authorize", () => {
  const password = "hunter2 hunter2";
  const basic = (pw: string) => ({ authorization: `Basic ${Buffer.from(`admin:${pw}`).toString("base64")}` });

  beforeEach(() => {
    process.env.SESSION_SECRET = "unit-test session secret, long enough to use";
    resetEnv();
    resetSessionSecret();
  });
  afterEach(() => {
    delete process.env.DASHBOARD_PASSWORD;
    delete process.env.SESSION_SECRET;
    resetEnv();
    resetSessionSecret();
    resetThrottle();
    clearSessionCache();
  });

  it("lets everything through in development without a password", async () => {
    expect(await isAuthorized(new Headers())).toBe(true);
  });

  it("with a password: accepts a live session cookie or Basic auth, nothing else", async () => {
    process.env.DASHBOARD_PASSWORD = password;
    resetEnv();
    const token = await startSession(password, hour);
    expect(await isAuthorized(new Headers())).toBe(false);
    expect(await isAuthorized(new Headers({ cookie: `theme=dark; ${sessionCookieName}=${token}` }))).toBe(true);
    // Well signed, but no such session row.
    expect(
      await isAuthorized(
        new Headers({ cookie: `${sessionCookieName}=${sessionToken(newSessionId(), Date.now() + hour, Buffer.from(process.env.SESSION_SECRET ?? ""))}` }),
      ),
    ).toBe(false);
    expect(await isAuthorized(new Headers(basic(password)))).toBe(true);
    expect(await authorize(new Headers(basic("hunter2 hunter3")))).toEqual({ ok: false, status: 401 });
  });

  it("a revoked session is refused at once in this process", async () => {
    process.env.DASHBOARD_PASSWORD = password;
    resetEnv();
    const token = await startSession(password, hour);
    const headers = new Headers({ cookie: `${sessionCookieName}=${token}` });
    expect(await isAuthorized(headers)).toBe(true); // now cached as valid
    expect(await endSession(token)).toBe(true);
    expect(await isAuthorized(headers)).toBe(false);
    expect(await endSession(token)).toBe(false); // already revoked
  });

  it("the handlers' re-check does not count a Basic password the proxy already counted; a forged mark is counted", async () => {
    process.env.DASHBOARD_PASSWORD = password;
    resetEnv();
    const marked = new Headers({ ...basic("wrong password!"), [checkedHeader]: proxyCheckToken() });
    for (let i = 0; i < 15; i++) expect(await authorize(marked)).toEqual({ ok: false, status: 401 });
    expect(await authorize(new Headers(basic(password)))).toEqual({ ok: true, via: "basic" }); // not locked out

    const forged = new Headers({ ...basic("wrong password!"), [checkedHeader]: "x".repeat(43) });
    const verdicts = await Promise.all(Array.from({ length: 11 }, () => authorize(forged)));
    expect(verdicts.filter((v) => !v.ok && v.status === 429)).toHaveLength(1);
    // The proxy (gate) counts even a request that carries the right mark.
    expect(await authorize(marked, { gate: true })).toMatchObject({ ok: false, status: 429 });
  });

  it("reads one cookie out of a cookie header", () => {
    expect(cookieValue("a=1; b=2; c=3", "b")).toBe("2");
    expect(cookieValue("ab=1", "b")).toBeUndefined();
    expect(cookieValue(null, "b")).toBeUndefined();
  });
});
