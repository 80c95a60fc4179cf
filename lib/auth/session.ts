// Session cookie tokens: "v2.<session id>.<expires ms>.<HMAC-SHA256 under the server
// secret>". The MAC keeps forged and altered tokens from reaching the database; the
// session row (lib/queries/sessions.ts) is what makes a token valid, so sign-out and
// a password change can revoke it. Pure functions: lib/auth/sessions.ts does the I/O.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export const sessionCookieName = "am_session";

const tokenPattern = /^(v2\.([A-Za-z0-9_-]{22})\.(\d{13,15}))\.([A-Za-z0-9_-]{43})$/;

const mac = (secret: Buffer, text: string) => createHmac("sha256", secret).update(text, "utf8").digest("base64url");

export function newSessionId(): string {
  return randomBytes(16).toString("base64url");
}

export function sessionToken(id: string, expiresAt: number, secret: Buffer): string {
  const payload = `v2.${id}.${expiresAt}`;
  return `${payload}.${mac(secret, payload)}`;
}

/** The session a token names, if its MAC is right and it has not expired; null otherwise. */
export function readSessionToken(token: string | undefined, secret: Buffer, now = Date.now()): { id: string; expiresAt: number } | null {
  const match = token === undefined ? null : tokenPattern.exec(token);
  if (!match?.[1] || !match[2] || !match[3] || !match[4]) return null;
  const expected = Buffer.from(mac(secret, match[1]));
  const given = Buffer.from(match[4]);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const expiresAt = Number(match[3]);
  return expiresAt > now ? { id: match[2], expiresAt } : null;
}

/**
 * Which password a session was made with, without storing anything a stolen
 * database would let anyone guess the password from (it is keyed by the secret).
 * A session whose tag is not the current password's is void: changing
 * DASHBOARD_PASSWORD signs everyone out.
 */
export function passwordTag(password: string, secret: Buffer): string {
  return mac(secret, `dashboard-password\u0000${password}`);
}
