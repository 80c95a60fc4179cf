// Signing in, checking and revoking dashboard sessions. A cookie is valid while its
// MAC is right, it has not expired, and its row exists, is not revoked and carries
// the current password's tag. Checks are cached for a few seconds per process
// (shared by proxy.ts and the route handlers through globalThis); a sign-out drops
// the entry in its own process at once, and other instances notice within cacheMs.
import { createSession, getSession, pruneSessions, revokeSession } from "../queries/sessions";
import { sessionSecret } from "./secret";
import { newSessionId, passwordTag, readSessionToken, sessionToken } from "./session";

const sessionCacheMs = 5_000;
const maxCached = 10_000;

interface CacheEntry {
  valid: boolean;
  until: number;
  /** The password tag the answer was for: another password is another question. */
  tag: string;
}

declare global {
  /** Shared by proxy.ts and the route handlers (separate bundles of one process). */
  var __associationMonitorSessionCache: Map<string, CacheEntry> | undefined;
}
const cache = (): Map<string, CacheEntry> => {
  globalThis.__associationMonitorSessionCache ??= new Map();
  return globalThis.__associationMonitorSessionCache;
};

/** Creates the session row for a successful sign-in; returns the cookie value. Prunes dead rows. */
export async function startSession(password: string, ttlMs: number, now = Date.now()): Promise<string> {
  const secret = sessionSecret();
  const tag = passwordTag(password, secret);
  const id = newSessionId();
  const expiresAt = now + ttlMs;
  await pruneSessions(new Date(now), tag);
  await createSession({ id, createdAt: new Date(now), expiresAt: new Date(expiresAt), passwordTag: tag });
  return sessionToken(id, expiresAt, secret);
}

/** Whether the cookie value names a live session of the current password. */
export async function isValidSession(token: string | undefined, password: string, now = Date.now()): Promise<boolean> {
  if (!token) return false;
  const secret = sessionSecret();
  const session = readSessionToken(token, secret, now);
  if (!session) return false;
  const tag = passwordTag(password, secret);
  const hit = cache().get(session.id);
  if (hit && hit.until > now && (!hit.valid || hit.tag === tag)) return hit.valid;
  const row = await getSession(session.id);
  const valid =
    row !== null && row.revokedAt === null && row.expiresAt.getTime() > now && row.expiresAt.getTime() === session.expiresAt && row.passwordTag === tag;
  const entries = cache();
  if (entries.size >= maxCached) entries.clear();
  // "Valid" is cached for a few seconds (a sign-out elsewhere must show soon); "invalid"
  // until the token expires: no row, a revoked one or another password's never comes back.
  entries.set(session.id, { valid, until: valid ? Math.min(now + sessionCacheMs, session.expiresAt) : session.expiresAt, tag });
  return valid;
}

/** Revokes the session the cookie names (sign-out); a token with a bad MAC revokes nothing. */
export async function endSession(token: string | undefined, now = Date.now()): Promise<boolean> {
  const session = token ? readSessionToken(token, sessionSecret(), now) : null;
  if (!session) return false;
  cache().set(session.id, { valid: false, until: session.expiresAt, tag: "" });
  return revokeSession(session.id, new Date(now));
}

/** Test hook: forget cached checks. */
export function clearSessionCache(): void {
  cache().clear();
}
