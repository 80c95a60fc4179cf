// Is the database reachable? Used by /api/health and the dashboard.
import { db, databaseKind } from "../db";

export async function checkDatabase(): Promise<{ ok: boolean; database: string; error?: string }> {
  const database = databaseKind();
  try {
    const prisma = await db();
    await prisma.$queryRaw`SELECT 1`;
    return { ok: true, database };
  } catch (error) {
    return { ok: false, database, error: error instanceof Error ? error.message : String(error) };
  }
}
