// Who may read GET /api/metrics, through proxy.ts and the route handler: a session or
// HTTP Basic like every API, and `Authorization: Bearer <METRICS_TOKEN>` only when
// that is set and only on this path. A wrong token is a 401 in the one envelope and
// counts toward the password throttle like a wrong Basic password.
import { NextRequest } from "next/server";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GET as listAssociations } from "@/app/api/associations/route";
import { GET as getMetrics } from "@/app/api/metrics/route";
import { bearerToken, metricsTokenMatches } from "@/lib/auth/metrics-auth";
import { resetSessionSecret } from "@/lib/auth/secret";
import { throttleLimits, resetThrottle } from "@/lib/auth/throttle";
import { parseEnv, resetEnv } from "@/lib/env";
import { remoteAddressHeader, servedMark } from "@/lib/http/client-address";
import { proxy } from "@/proxy";
import { parseExposition } from "./helpers/prometheus";

const password = "metrics auth password";
const token = "a-metrics-token-of-at-least-32-characters";
const mark = globalThis as { [servedMark]?: unknown };
const basic = (pw: string) => `Basic ${Buffer.from(`admin:${pw}`).toString("base64")}`;
const bearer = (t: string) => `Bearer ${t}`;

function viaProxy(path: string, headers: Record<string, string> = {}, address = "203.0.113.9") {
  return proxy(new NextRequest(`http://localhost:3000${path}`, { headers: { [remoteAddressHeader]: address, ...headers } }));
}
const metrics = (headers: Record<string, string> = {}) =>
  getMetrics(new Request("http://localhost:3000/api/metrics", { headers: { [remoteAddressHeader]: "203.0.113.9", ...headers } }));
const associations = (headers: Record<string, string>) => listAssociations(new Request("http://localhost:3000/api/associations", { headers }), undefined);

/** proxy.ts let the request through to the route (NextResponse.next). */
const passed = (response: Response) => response.headers.get("x-middleware-next") === "1";

async function expectUnauthorized(response: Response) {
  expect(response.status).toBe(401);
  expect(response.headers.get("www-authenticate")).toMatch(/^Basic realm=/);
  expect(await response.json()).toEqual({ error: { code: "unauthorized", message: expect.any(String) } });
}

function setToken(value: string | undefined) {
  if (value === undefined) delete process.env.METRICS_TOKEN;
  else process.env.METRICS_TOKEN = value;
  resetEnv();
}

beforeEach(() => {
  process.env.DASHBOARD_PASSWORD = password;
  process.env.SESSION_SECRET = "metrics auth test secret, long enough";
  mark[servedMark] = true;
  setToken(undefined);
  resetSessionSecret();
});
afterEach(() => {
  delete process.env.DASHBOARD_PASSWORD;
  delete process.env.SESSION_SECRET;
  delete mark[servedMark];
  setToken(undefined);
  resetSessionSecret();
  resetThrottle();
});

describe("without METRICS_TOKEN", () => {
  it("no credentials: 401 from the proxy and from the handler", async () => {
    await expectUnauthorized(await viaProxy("/api/metrics"));
    await expectUnauthorized(await metrics());
  });

  it("HTTP Basic with the dashboard password: the Prometheus text format", async () => {
    const gate = await viaProxy("/api/metrics", { authorization: basic(password) });
    expect({ status: gate.status, passed: passed(gate) }).toEqual({ status: 200, passed: true });
    const response = await metrics({ authorization: basic(password) });
    expect(response.status, await response.clone().text()).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    expect(parseExposition(await response.text()).types.get("association_monitor_deliveries_total")).toBe("counter");
  });

  it("a Bearer token is not a credential", async () => {
    await expectUnauthorized(await viaProxy("/api/metrics", { authorization: bearer(token) }));
    await expectUnauthorized(await metrics({ authorization: bearer(token) }));
  });
});

describe("with METRICS_TOKEN set", () => {
  beforeEach(() => setToken(token));

  it("the right Bearer token reads /api/metrics, through the proxy and the handler", async () => {
    expect(passed(await viaProxy("/api/metrics", { authorization: bearer(token) }))).toBe(true);
    const response = await metrics({ authorization: bearer(token) });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    // Basic keeps working beside it.
    expect((await metrics({ authorization: basic(password) })).status).toBe(200);
  });

  it("a wrong Bearer token is a 401 in the one envelope", async () => {
    await expectUnauthorized(await viaProxy("/api/metrics", { authorization: bearer(`${token}x`) }));
    await expectUnauthorized(await metrics({ authorization: bearer("short") }));
  });

  it("the token opens no other path: another API is 401, a page goes to sign-in", async () => {
    await expectUnauthorized(await viaProxy("/api/associations", { authorization: bearer(token) }));
    await expectUnauthorized(await associations({ authorization: bearer(token) }));
    const page = await viaProxy("/events", { authorization: bearer(token) });
    expect(page.status).toBe(303);
    expect(page.headers.get("location")).toMatch(/\/sign-in\?next=%2Fevents$/);
    for (const path of ["/api/metrics/", "/api/metrics/x", "/api/metricsx", "/API/metrics"]) {
      expect(passed(await viaProxy(path, { authorization: bearer(token) })), path).toBe(false);
    }
  });

  it("wrong tokens count toward the password throttle: after the limit even the right token and password are 429", async () => {
    for (let i = 0; i < throttleLimits.lockAfter; i++) {
      expect((await viaProxy("/api/metrics", { authorization: bearer(`guess-${i}`) })).status).toBe(401);
    }
    const locked = await viaProxy("/api/metrics", { authorization: bearer(token) });
    expect(locked.status).toBe(429);
    expect(locked.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(await locked.json()).toMatchObject({ error: { code: "too_many_attempts" } });
    expect((await viaProxy("/api/associations", { authorization: basic(password) })).status).toBe(429);
    // Another client is not affected.
    expect(passed(await viaProxy("/api/metrics", { authorization: bearer(token) }, "198.51.100.4"))).toBe(true);
  });
});

describe("the token itself", () => {
  it("is at least 32 characters", () => {
    expect(() => parseEnv({ METRICS_TOKEN: "x".repeat(31) })).toThrow(/METRICS_TOKEN: must be at least 32 characters/);
    expect(parseEnv({ METRICS_TOKEN: ` ${"x".repeat(32)} ` }).METRICS_TOKEN).toBe("x".repeat(32));
    expect(parseEnv({}).METRICS_TOKEN).toBeUndefined();
  });

  it("is read from a Bearer header and compared exactly", () => {
    expect(bearerToken(`Bearer ${token}`)).toBe(token);
    expect(bearerToken(`bearer ${token} `)).toBe(token);
    expect(bearerToken(basic(password))).toBeNull();
    expect(bearerToken("Bearer a b")).toBeNull();
    expect(bearerToken(null)).toBeNull();
    expect(metricsTokenMatches(token, token)).toBe(true);
    expect(metricsTokenMatches(token.slice(0, -1), token)).toBe(false);
    expect(metricsTokenMatches(`${token}x`, token)).toBe(false);
  });
});
