// The interactive-transaction client type and the per-subject locks used by the
// projection.
import { databaseKind, type Db } from "../db";

export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/** Transactions that already hold every lock their projections need (taken by lockSubjects). */
const holdingAll = new WeakSet<object>();

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
  holdingAll.add(tx);
}

/** One subject's lock, unless the transaction already took its whole batch's (lockSubjects). */
export async function lockSubject(tx: Tx, id: string): Promise<void> {
  if (databaseKind() !== "postgresql" || holdingAll.has(tx)) return;
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${id}, 0))`;
}
