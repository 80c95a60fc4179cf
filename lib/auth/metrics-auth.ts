// Who may read GET /api/metrics: whoever may read the dashboard's APIs (a session or
// HTTP Basic), and, when METRICS_TOKEN is set, a scraper sending
// `Authorization: Bearer <METRICS_TOKEN>` (Prometheus cannot sign in, and the
// dashboard password should not sit in its configuration). The token opens this one
// path: only proxy.ts and the metrics route call this, every other path goes through
// authorize() alone, which never reads a Bearer header. A wrong token is counted by
// the password throttle like a wrong Basic password, so it cannot be guessed faster.
import { createHash, timingSafeEqual } from "node:crypto";
import { env } from "../env";
import { clientAddress } from "../http/client-address";
import { authorize, checkedByProxy, type AuthResult } from "./request-auth";
import { passwordThrottle } from "./throttle";

export const metricsPath = "/api/metrics";

/** The token of an `Authorization: Bearer …` header, or null. */
export function bearerToken(header: string | null): string | null {
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1] ?? null;
}

const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();

/** Constant time: digests of equal length are compared, so neither content nor length leaks. */
export function metricsTokenMatches(candidate: string, token: string): boolean {
  return timingSafeEqual(digest(candidate), digest(token));
}

/**
 * The full check for the metrics path. `gate`: the caller is proxy.ts (the first
 * check), so a token is always counted; the route handler behind it compares again
 * without counting, as authorize() does for Basic.
 */
export async function authorizeMetrics(headers: Headers, { gate = false } = {}): Promise<AuthResult> {
  const token = env().METRICS_TOKEN;
  const given = bearerToken(headers.get("authorization"));
  if (token === undefined || given === null) return authorize(headers, { gate });
  if (!gate && checkedByProxy(headers)) return metricsTokenMatches(given, token) ? { ok: true, via: "bearer" } : { ok: false, status: 401 };
  const verdict = await passwordThrottle().attempt(clientAddress(headers), () => metricsTokenMatches(given, token));
  if (verdict.outcome === "accepted") return { ok: true, via: "bearer" };
  if (verdict.outcome === "throttled") return { ok: false, status: 429, retryAfterSeconds: verdict.retryAfterSeconds };
  return { ok: false, status: 401 };
}
