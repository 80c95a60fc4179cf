// Is this request allowed to read the dashboard and its APIs? A valid session
// cookie or HTTP Basic with the dashboard password (for scripts: curl -u).
import { env } from "../env";
import { authMode } from "./mode";
import { basicPassword, passwordMatches } from "./password";
import { sessionCookieName, verifySessionToken } from "./session";

export function cookieValue(cookieHeader: string | null, name: string): string | undefined {
  for (const part of cookieHeader?.split(";") ?? []) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export function isAuthorized(headers: Headers): boolean {
  const mode = authMode();
  if (mode.kind !== "password") return true;
  if (verifySessionToken(cookieValue(headers.get("cookie"), sessionCookieName), mode.password)) return true;
  const basic = basicPassword(headers.get("authorization"));
  return basic !== null && passwordMatches(basic, mode.password);
}

export function sessionTtlMs(): number {
  return env().SESSION_TTL_HOURS * 3_600_000;
}

/** Paths anyone may reach: the receiver (signatures protect it), health, and signing in. */
export function isPublicPath(pathname: string): boolean {
  return (
    pathname.startsWith("/api/webhooks/") ||
    pathname === "/api/webhooks" ||
    pathname === "/api/health" ||
    pathname === "/sign-in" ||
    pathname === "/api/auth/sign-in" ||
    pathname.startsWith("/_next/") ||
    pathname === "/favicon.ico"
  );
}

/** The client a failed sign-in is counted against. */
export function clientKey(headers: Headers): string {
  return headers.get("x-forwarded-for")?.split(",")[0]?.trim() || headers.get("x-real-ip") || "local";
}
