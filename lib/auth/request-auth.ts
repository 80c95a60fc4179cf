// Is this request allowed to read the dashboard and its APIs? A live session cookie,
// or HTTP Basic with the dashboard password (for scripts: curl -u). Every Basic
// password goes through the sign-in throttle once: proxy.ts checks it and marks the
// request it passes on with a per-process random token, so the route handlers' second
// check (defence in depth) compares the password without counting it again. A
// request that reached a handler without the proxy is counted there.
import { randomBytes, timingSafeEqual } from "node:crypto";
import { env } from "../env";
import { clientAddress } from "../http/client-address";
import { authMode } from "./mode";
import { basicPassword, passwordMatches } from "./password";
import { sessionCookieName } from "./session";
import { isValidSession } from "./sessions";
import { passwordThrottle } from "./throttle";

export type AuthResult =
  | { ok: true; via: "open" | "session" | "basic" | "bearer" }
  | { ok: false; status: 401 }
  | { ok: false; status: 429; retryAfterSeconds: number };

/** Set by proxy.ts on requests it authorised; never trusted unless it holds this process's token. */
export const checkedHeader = "x-am-auth-checked";
declare global {
  /** This process's token, shared by proxy.ts and the route handlers (separate bundles of one process). */
  var __associationMonitorAuthToken: string | undefined;
}

export function proxyCheckToken(): string {
  globalThis.__associationMonitorAuthToken ??= randomBytes(32).toString("base64url");
  return globalThis.__associationMonitorAuthToken;
}

export function checkedByProxy(headers: Headers): boolean {
  const given = Buffer.from(headers.get(checkedHeader) ?? "");
  const expected = Buffer.from(proxyCheckToken());
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function cookieValue(cookieHeader: string | null, name: string): string | undefined {
  for (const part of cookieHeader?.split(";") ?? []) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * The full check. `gate`: the caller is proxy.ts, the first check of the request, so
 * a Basic password is always counted (whatever headers the client sent).
 */
export async function authorize(headers: Headers, { gate = false } = {}): Promise<AuthResult> {
  const mode = authMode();
  if (mode.kind !== "password") return { ok: true, via: "open" };
  if (await isValidSession(cookieValue(headers.get("cookie"), sessionCookieName), mode.password)) return { ok: true, via: "session" };
  const basic = basicPassword(headers.get("authorization"));
  if (basic === null) return { ok: false, status: 401 };
  if (!gate && checkedByProxy(headers)) {
    return passwordMatches(basic, mode.password) ? { ok: true, via: "basic" } : { ok: false, status: 401 };
  }
  const verdict = await passwordThrottle().attempt(clientAddress(headers), () => passwordMatches(basic, mode.password));
  if (verdict.outcome === "accepted") return { ok: true, via: "basic" };
  if (verdict.outcome === "throttled") return { ok: false, status: 429, retryAfterSeconds: verdict.retryAfterSeconds };
  return { ok: false, status: 401 };
}

export async function isAuthorized(headers: Headers): Promise<boolean> {
  return (await authorize(headers)).ok;
}

export function sessionTtlMs(): number {
  return env().SESSION_TTL_HOURS * 3_600_000;
}

/** Paths anyone may reach: the receiver (signatures protect it), health, signing in and out. */
export function isPublicPath(pathname: string): boolean {
  return (
    pathname.startsWith("/api/webhooks/") ||
    pathname === "/api/webhooks" ||
    pathname === "/api/health" ||
    pathname === "/sign-in" ||
    pathname === "/api/auth/sign-in" ||
    pathname === "/api/auth/sign-out" ||
    pathname.startsWith("/_next/") ||
    pathname === "/favicon.ico"
  );
}
