// The interactive-transaction client type and the per-subject locks a batch's
// projection takes.
import { databaseKind, type Db } from "../db";

export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/**
 * Serialises projection of these subjects across concurrent transactions and app
 * instances. PostgreSQL: transaction-scoped advisory locks, taken in one statement
 * and in sorted order, so two batches can never wait on each other in a cycle.
 * SQLite needs none: its writers already take turns (one transaction at a time).
 */
export async function lockSubjects(tx: Tx, ids: string[]): Promise<void> {
  if (databaseKind() !== "postgresql" || ids.length === 0) return;
  const sorted = [...new Set(ids)].sort();
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(id, 0)) FROM unnest(${sorted}::text[]) AS id`; // unnest yields in array order
}
