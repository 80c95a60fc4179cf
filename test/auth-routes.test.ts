// Sign-in, sign-out and the read APIs with DASHBOARD_PASSWORD set, through the real route handlers.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GET as listAssociations } from "@/app/api/associations/route";
import { GET as exportEvents } from "@/app/api/export/events.csv/route";
import { POST as signIn } from "@/app/api/auth/sign-in/route";
import { POST as signOut } from "@/app/api/auth/sign-out/route";
import { resetThrottle } from "@/lib/auth/throttle";
import { resetEnv } from "@/lib/env";
import { deliver, fixture } from "./helpers/http";

const password = "correct horse battery";

function form(fields: Record<string, string>, headers: Record<string, string> = {}) {
  return new Request("http://localhost:3000/api/auth/sign-in", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": "203.0.113.7", ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

describe("with DASHBOARD_PASSWORD set", () => {
  beforeEach(() => {
    process.env.DASHBOARD_PASSWORD = password;
    resetEnv();
  });
  afterEach(() => {
    delete process.env.DASHBOARD_PASSWORD;
    resetEnv();
    resetThrottle();
  });

  it("read and export APIs answer 401 with a Basic challenge, and work with Basic auth", async () => {
    const anonymous = await listAssociations(new Request("http://localhost:3000/api/associations"), undefined);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toMatch(/^Basic realm=/);
    expect(await anonymous.json()).toMatchObject({ error: { code: "unauthorized" } });
    expect((await exportEvents(new Request("http://localhost:3000/api/export/events.csv"), undefined)).status).toBe(401);

    const basic = { authorization: `Basic ${Buffer.from(`admin:${password}`).toString("base64")}` };
    const allowed = await listAssociations(new Request("http://localhost:3000/api/associations", { headers: basic }), undefined);
    expect(allowed.status).toBe(200);
  });

  it("the webhook receiver stays open: signatures protect it", async () => {
    const r = await deliver(fixture("AssociationCreate"), { eventType: "AssociationCreate" });
    expect(r.status).toBe(200);
  });

  it("a right password sets a signed HttpOnly SameSite=Lax cookie and redirects to a local next path", async () => {
    const response = await signIn(form({ password, next: "/associations?locationId=x" }));
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/associations?locationId=x");
    const cookie = response.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^am_session=v1\.\d+\.[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=43200$/);

    const token = cookie.split(";")[0] ?? "";
    const withCookie = await listAssociations(new Request("http://localhost:3000/api/associations", { headers: { cookie: token } }), undefined);
    expect(withCookie.status).toBe(200);
  });

  it("marks the cookie Secure behind HTTPS and never redirects off-site", async () => {
    const response = await signIn(form({ password, next: "//evil.example/x" }, { "x-forwarded-proto": "https" }));
    expect(response.headers.get("set-cookie")).toMatch(/; Secure$/);
    expect(response.headers.get("location")).toBe("/");
  });

  it("a wrong password sets no cookie and says so", async () => {
    const response = await signIn(form({ password: "nope", next: "/events" }));
    expect(response.status).toBe(303);
    expect(response.headers.get("set-cookie")).toBeNull();
    expect(response.headers.get("location")).toBe("/sign-in?error=invalid&next=%2Fevents");
  });

  it("slows a client down after failures", async () => {
    await signIn(form({ password: "nope" }));
    await signIn(form({ password: "nope" }));
    const started = Date.now();
    await signIn(form({ password: "nope" }));
    expect(Date.now() - started).toBeGreaterThanOrEqual(450); // 500 ms after two failures
    const other = Date.now();
    await signIn(form({ password: "nope" }, { "x-forwarded-for": "198.51.100.1" }));
    expect(Date.now() - other).toBeLessThan(250); // another client is not slowed
  });

  it("sign-out clears the cookie", async () => {
    const response = signOut();
    expect(response.status).toBe(303);
    expect(response.headers.get("set-cookie")).toMatch(/^am_session=; .*Max-Age=0/);
  });
});
