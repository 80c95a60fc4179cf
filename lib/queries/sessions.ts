// Dashboard sign-in sessions: one row per sign-in, so a session can be revoked
// (sign-out) and every session of an old password is void. Rows carry no token:
// the cookie is the id plus a MAC under the server secret (lib/auth/session.ts).
import { db, withWriteLock, writeDb } from "../db";

export interface SessionRow {
  id: string;
  expiresAt: Date;
  revokedAt: Date | null;
  passwordTag: string;
}

export async function createSession(row: { id: string; createdAt: Date; expiresAt: Date; passwordTag: string }): Promise<void> {
  const prisma = await writeDb();
  await withWriteLock(() => prisma.session.create({ data: row }));
}

export async function getSession(id: string): Promise<SessionRow | null> {
  const prisma = await db();
  return prisma.session.findUnique({ where: { id }, select: { id: true, expiresAt: true, revokedAt: true, passwordTag: true } });
}

/** Marks the session revoked; false when there was no such session or it was already revoked. */
export async function revokeSession(id: string, now = new Date()): Promise<boolean> {
  const prisma = await writeDb();
  const { count } = await withWriteLock(() => prisma.session.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: now } }));
  return count > 0;
}

/** Deletes sessions that can never be valid again: expired, revoked, or of another password. */
export async function pruneSessions(now: Date, currentPasswordTag: string): Promise<number> {
  const prisma = await writeDb();
  const { count } = await withWriteLock(() =>
    prisma.session.deleteMany({ where: { OR: [{ expiresAt: { lte: now } }, { revokedAt: { not: null } }, { passwordTag: { not: currentPasswordTag } }] } }),
  );
  return count;
}
