// The interactive-transaction client type and the per-subject lock used by the
// projection.
import { databaseKind, type Db } from "../db";

export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/**
 * Serialises projection of one subject across concurrent transactions and app
 * instances. PostgreSQL: a transaction-scoped advisory lock. SQLite needs none:
 * its writers already take turns (one connection, one transaction at a time).
 */
export async function lockSubject(tx: Tx, id: string): Promise<void> {
  if (databaseKind() !== "postgresql") return;
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${id}, 0))`;
}
