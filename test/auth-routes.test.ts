// Sign-in, sign-out, the proxy and the read APIs with DASHBOARD_PASSWORD set,
// through the real route handlers and proxy.ts, against the real database. Requests
// carry the socket address the way scripts/lib/serve.mjs stamps it.
import { NextRequest } from "next/server";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GET as listAssociations } from "@/app/api/associations/route";
import { GET as exportEvents } from "@/app/api/export/events.csv/route";
import { POST as signIn } from "@/app/api/auth/sign-in/route";
import { POST as signOut } from "@/app/api/auth/sign-out/route";
import { resetSessionSecret } from "@/lib/auth/secret";
import { readSessionToken, sessionToken } from "@/lib/auth/session";
import { clearSessionCache } from "@/lib/auth/sessions";
import { resetThrottle } from "@/lib/auth/throttle";
import { resetEnv } from "@/lib/env";
import { remoteAddressHeader, servedMark } from "@/lib/http/client-address";
import { getSession } from "@/lib/queries/sessions";
import { proxy } from "@/proxy";
import { deliver, fixture } from "./helpers/http";

const password = "correct horse battery";
const secret = "auth-routes test secret, long enough to use";
const mark = globalThis as { [servedMark]?: unknown };

function form(fields: Record<string, string>, headers: Record<string, string> = {}) {
  return new Request("http://localhost:3000/api/auth/sign-in", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", [remoteAddressHeader]: "203.0.113.7", ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

const basic = (pw: string) => `Basic ${Buffer.from(`admin:${pw}`).toString("base64")}`;

/** A request through proxy.ts, from `address`. */
function viaProxy(path: string, headers: Record<string, string> = {}, address = "203.0.113.7") {
  return proxy(new NextRequest(`http://localhost:3000${path}`, { headers: { [remoteAddressHeader]: address, ...headers } }));
}

const api = (headers: Record<string, string>) => listAssociations(new Request("http://localhost:3000/api/associations", { headers }), undefined);

async function signedInCookie(address = "203.0.113.7"): Promise<string> {
  const response = await signIn(form({ password, next: "/" }, { [remoteAddressHeader]: address }));
  expect(response.headers.get("location")).toBe("/");
  return (response.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
}

describe("with DASHBOARD_PASSWORD set", () => {
  beforeEach(() => {
    process.env.DASHBOARD_PASSWORD = password;
    process.env.SESSION_SECRET = secret;
    mark[servedMark] = true;
    resetEnv();
    resetSessionSecret();
  });
  afterEach(() => {
    delete process.env.DASHBOARD_PASSWORD;
    delete process.env.SESSION_SECRET;
    delete mark[servedMark];
    resetEnv();
    resetSessionSecret();
    resetThrottle();
    clearSessionCache();
  });

  it("read and export APIs answer 401 with a Basic challenge, and work with Basic auth", async () => {
    const anonymous = await api({});
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toMatch(/^Basic realm=/);
    expect(await anonymous.json()).toMatchObject({ error: { code: "unauthorized" } });
    expect((await exportEvents(new Request("http://localhost:3000/api/export/events.csv"), undefined)).status).toBe(401);
    expect((await api({ authorization: basic(password) })).status).toBe(200);
  });

  it("the webhook receiver stays open: signatures protect it", async () => {
    const r = await deliver(fixture("AssociationCreate"), { eventType: "AssociationCreate" });
    expect(r.status).toBe(200);
  });

  it("a right password starts a session: a signed HttpOnly SameSite=Lax cookie naming a stored session row", async () => {
    const response = await signIn(form({ password, next: "/associations?locationId=x" }));
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/associations?locationId=x");
    const cookie = response.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^am_session=v2\.[A-Za-z0-9_-]{22}\.\d+\.[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=43200$/);

    const token = cookie.split(";")[0] ?? "";
    expect((await api({ cookie: token })).status).toBe(200);
    const session = readSessionToken(token.slice("am_session=".length), Buffer.from(secret));
    const row = await getSession(session?.id ?? "");
    expect(row).toMatchObject({ revokedAt: null, expiresAt: new Date(session?.expiresAt ?? 0) });
    expect(row?.passwordTag).not.toContain(password);
  });

  it("marks the cookie Secure behind HTTPS and never redirects off-site", async () => {
    const response = await signIn(form({ password, next: "//evil.example/x" }, { "x-forwarded-proto": "https" }));
    expect(response.headers.get("set-cookie")).toMatch(/; Secure$/);
    expect(response.headers.get("location")).toBe("/");
    // ?next=/%09/evil.example arrives decoded; browsers would drop the tab and leave.
    for (const next of ["/\t/evil.example", "/.//evil.example", "/\\evil.example"]) {
      expect((await signIn(form({ password, next }))).headers.get("location"), JSON.stringify(next)).toBe("/");
    }
  });

  it("a wrong password sets no cookie and says so", async () => {
    const response = await signIn(form({ password: "nope", next: "/events" }));
    expect(response.status).toBe(303);
    expect(response.headers.get("set-cookie")).toBeNull();
    expect(response.headers.get("location")).toBe("/sign-in?error=invalid&next=%2Fevents");
  });

  it("after 10 failures from one address, sign-in is locked even with the right password; a new X-Forwarded-For per guess does not help", async () => {
    // Concurrent, as a guessing script would send them; each with its own forged X-Forwarded-For.
    const guesses = await Promise.all(
      Array.from({ length: 12 }, (_, i) => signIn(form({ password: `guess ${i}`, next: "/events" }, { "x-forwarded-for": `10.0.0.${i}` }))),
    );
    const locations = guesses.map((r) => r.headers.get("location") ?? "");
    expect(locations.filter((l) => l.startsWith("/sign-in?error=invalid"))).toHaveLength(10);
    expect(locations.filter((l) => l.startsWith("/sign-in?error=locked"))).toHaveLength(2);

    const locked = await signIn(form({ password, next: "/events" }, { "x-forwarded-for": "10.9.9.9" }));
    expect(locked.status).toBe(303);
    expect(locked.headers.get("set-cookie")).toBeNull();
    expect(locked.headers.get("location")).toBe("/sign-in?error=locked&retry=300&next=%2Fevents");
    expect(locked.headers.get("retry-after")).toBe("300");

    // Another address is not locked out by these failures.
    expect((await signIn(form({ password }, { [remoteAddressHeader]: "198.51.100.1" }))).headers.get("set-cookie")).toMatch(/^am_session=v2\./);
  });

  it("HTTP Basic goes through the same throttle in the proxy: 401 per wrong password, then 429 with Retry-After, even when right", async () => {
    const cookie = await signedInCookie("198.51.100.3");
    for (let i = 0; i < 9; i++) {
      const wrong = await viaProxy("/api/associations", { authorization: basic(`guess ${i}`) });
      expect(wrong.status).toBe(401);
      expect(wrong.headers.get("www-authenticate")).toMatch(/^Basic /);
    }
    // The 10th failure is a wrong sign-in form: one count for both ways in.
    await signIn(form({ password: "guess 10" }));
    const throttled = await viaProxy("/api/associations", { authorization: basic(password) });
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("retry-after")).toBe("300");
    expect(await throttled.json()).toEqual({ error: { code: "too_many_attempts", message: expect.stringMatching(/try again in 300 s/) } });
    // A page with Basic: 429 as well, in text.
    const page = await viaProxy("/events", { authorization: basic(password) });
    expect(page.status).toBe(429);
    expect(page.headers.get("retry-after")).toBe("300");
    // Other clients, and a session cookie (not a password attempt), are unaffected.
    expect((await viaProxy("/api/associations", { authorization: basic(password) }, "198.51.100.2")).status).toBe(200);
    expect((await viaProxy("/api/associations", { cookie })).status).toBe(200);
  });

  it("the proxy marks a request it authorised; a client-sent mark is removed", async () => {
    const passed = await viaProxy("/api/associations", { authorization: basic(password), "x-am-auth-checked": "forged" });
    expect(passed.status).toBe(200);
    const overridden = passed.headers.get("x-middleware-request-x-am-auth-checked");
    expect(overridden).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(overridden).not.toBe("forged");
    const anonymous = await viaProxy("/sign-in", { "x-am-auth-checked": "forged" });
    expect(anonymous.headers.get("x-middleware-request-x-am-auth-checked")).toBeNull();
  });

  it("sign-out revokes the session: the old cookie answers 401 (API) and redirects to sign-in (page) afterwards", async () => {
    const cookie = await signedInCookie();
    expect((await api({ cookie })).status).toBe(200);
    expect((await viaProxy("/events", { cookie })).headers.get("x-middleware-next")).toBe("1");

    const out = await signOut(new Request("http://localhost:3000/api/auth/sign-out", { method: "POST", headers: { cookie } }));
    expect(out.status).toBe(303);
    expect(out.headers.get("location")).toBe("/sign-in");
    expect(out.headers.get("set-cookie")).toMatch(/^am_session=; .*Max-Age=0/);

    // A copy of the cookie kept elsewhere is dead too.
    expect((await api({ cookie })).status).toBe(401);
    expect((await viaProxy("/api/associations", { cookie })).status).toBe(401);
    const page = await viaProxy("/events", { cookie });
    expect(page.status).toBe(303);
    expect(page.headers.get("location")).toMatch(/\/sign-in\?next=%2Fevents$/);
    const id = readSessionToken(cookie.slice("am_session=".length), Buffer.from(secret))?.id ?? "";
    expect((await getSession(id))?.revokedAt).toBeInstanceOf(Date);
  });

  it("sign-out revokes in the database, so another instance refuses the cookie once its cache entry is gone", async () => {
    const cookie = await signedInCookie();
    expect((await api({ cookie })).status).toBe(200);
    await signOut(new Request("http://localhost:3000/api/auth/sign-out", { method: "POST", headers: { cookie } }));
    clearSessionCache(); // a fresh process: nothing cached, the row decides
    expect((await api({ cookie })).status).toBe(401);
  });

  it("changing the password revokes every session", async () => {
    const cookie = await signedInCookie();
    expect((await api({ cookie })).status).toBe(200);
    process.env.DASHBOARD_PASSWORD = "a brand new password";
    resetEnv();
    expect((await api({ cookie })).status).toBe(401);
    process.env.DASHBOARD_PASSWORD = password;
    resetEnv();
  });

  it("a changed session secret invalidates cookies; a forged or password-keyed cookie is refused", async () => {
    const cookie = await signedInCookie();
    process.env.SESSION_SECRET = "a different secret, also long enough to use";
    resetEnv();
    expect((await api({ cookie })).status).toBe(401);
    // The old format (HMAC under a key derived from the password) is no longer accepted.
    const { createHmac, hkdfSync } = await import("node:crypto");
    const payload = `v1.${Date.now() + 3_600_000}`;
    const key = Buffer.from(hkdfSync("sha256", password, "association-monitor", "dashboard-session-v1", 32));
    const v1 = `am_session=${payload}.${createHmac("sha256", key).update(payload).digest("base64url")}`;
    expect((await api({ cookie: v1 })).status).toBe(401);
    // Well formed and signed with the current secret, but no such session.
    const forged = `am_session=${sessionToken("A".repeat(22), Date.now() + 3_600_000, Buffer.from("a different secret, also long enough to use"))}`;
    expect((await api({ cookie: forged })).status).toBe(401);
  });

  it("signing in prunes sessions that can never be valid again", async () => {
    const first = await signedInCookie();
    await signOut(new Request("http://localhost:3000/api/auth/sign-out", { method: "POST", headers: { cookie: first } }));
    const id = readSessionToken(first.slice("am_session=".length), Buffer.from(secret))?.id ?? "";
    expect(await getSession(id)).not.toBeNull();
    await signedInCookie();
    expect(await getSession(id)).toBeNull();
  });

  it("sign-out without a session just clears the cookie", async () => {
    const response = await signOut(new Request("http://localhost:3000/api/auth/sign-out", { method: "POST" }));
    expect(response.status).toBe(303);
    expect(response.headers.get("set-cookie")).toMatch(/^am_session=; .*Max-Age=0/);
  });
});
