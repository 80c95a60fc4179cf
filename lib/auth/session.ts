// Signed session tokens for the dashboard cookie: "v1.<expires ms>.<HMAC>". The
// HMAC key is derived from DASHBOARD_PASSWORD, so changing the password signs
// everyone out. No server-side session store: any instance can verify.
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";

export const sessionCookieName = "am_session";

function keyFor(password: string): Buffer {
  return Buffer.from(hkdfSync("sha256", password, "association-monitor", "dashboard-session-v1", 32));
}

function sign(payload: string, password: string): string {
  return createHmac("sha256", keyFor(password)).update(payload).digest("base64url");
}

export function createSessionToken(password: string, ttlMs: number, now = Date.now()): string {
  const payload = `v1.${now + ttlMs}`;
  return `${payload}.${sign(payload, password)}`;
}

export function verifySessionToken(token: string | undefined, password: string, now = Date.now()): boolean {
  const match = token?.match(/^(v1\.(\d{13,15}))\.([A-Za-z0-9_-]{43})$/);
  if (!match?.[1] || !match[2] || !match[3]) return false;
  const expected = Buffer.from(sign(match[1], password));
  const given = Buffer.from(match[3]);
  return given.length === expected.length && timingSafeEqual(given, expected) && Number(match[2]) > now;
}
