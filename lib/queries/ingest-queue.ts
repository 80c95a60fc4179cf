// Group commit with backpressure. Deliveries that arrive while a batch is being
// committed wait together and go into the next batch (one transaction, one fsync
// for many), and a caller's promise settles only after its batch committed.
//
// HighLevel retries only a 429, so a delivery that cannot be stored in time must be
// refused with a 429 quickly, never left to hang into the sender's timeout (lost for
// good) or failed with a 5xx (also lost). Hence three bounds, each answered with a
// StorageRefusal (the receiver turns it into 429 + Retry-After):
// - depth: more than maxDepth deliveries waiting → refuse at once;
// - stall: the oldest waiting delivery has waited more than stallMs → the store is
//   not keeping up, refuse new ones at once;
// - deadline: a delivery not committed within deadlineMs is answered 429 whatever
//   happens next. If its batch commits later anyway, HighLevel's retry is answered
//   `duplicate`: stored once, acknowledged once.
// After the database was found unreachable, new deliveries are refused for a second
// without trying, so an outage answers every request fast.
import { isDatabaseUnavailable } from "../db-errors";
import { databaseKind } from "../db";
import { errorCode } from "../error-fields";
import { logger } from "../logger";
import { countDatabaseError } from "../metrics/database-errors";
import { countRefusal, type StorageRefusalReason } from "../receiver-stats";
import { appendBatch } from "./append";
import { markUnavailable, recentlyUnavailable } from "./append-driver";
import { notifyAppend } from "./append-signal";
import type { IncomingEvent, RecordResult } from "./ingest-types";

const queueLimits = { maxBatch: 500, maxDepth: 5_000, stallMs: 500, deadlineMs: 900, breakerMs: 1_000 };

export class StorageRefusal extends Error {
  constructor(
    readonly reason: StorageRefusalReason,
    message: string,
    /** Seconds, for Retry-After. HighLevel waits about 10 minutes whatever we say. */
    readonly retryAfter: number,
  ) {
    super(message);
  }
}

interface Pending {
  ev: IncomingEvent;
  enqueuedAt: number;
  settled: boolean;
  timer: ReturnType<typeof setTimeout>;
  resolve: (result: RecordResult) => void;
  reject: (error: unknown) => void;
}

const queue: Pending[] = [];
let running = 0;

// SQLite has one writer; PostgreSQL overlaps preparing one batch with another's commit.
const maxConcurrentBatches = () => (databaseKind() === "postgresql" ? 2 : 1);

/** Unique-key races, write conflicts and deadlocks: retrying the batch resolves them. */
const retryable = new Set(["P2002", "P2034", "40P01", "40001", "23505", "SQLITE_BUSY"]);
const isRetryable = (error: unknown) => retryable.has(errorCode(error) ?? "");

async function withRetry(events: IncomingEvent[], attempts = 3): Promise<RecordResult[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await appendBatch(events);
    } catch (error) {
      if (attempt >= attempts || !isRetryable(error)) throw error;
      await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 10));
    }
  }
}

/**
 * Settles `p` with the append's answer for it. appendBatch answers every delivery it
 * is given, in order; a missing answer would be a bug, and is answered like a storage
 * error (429, HighLevel retries) rather than with a made-up result.
 */
function settleWith(p: Pending, result: RecordResult | undefined): void {
  settle(p, result ? { result } : { error: storageFailure(new Error("the append returned no result for this delivery")) });
}

function settle(p: Pending, outcome: { result: RecordResult } | { error: StorageRefusal }): void {
  if (p.settled) return;
  p.settled = true;
  clearTimeout(p.timer);
  if ("result" in outcome) p.resolve(outcome.result);
  else refuse(p.reject, outcome.error);
}

/** Every refused delivery is counted once, however many share the cause. */
function refuse(reject: (error: unknown) => void, error: StorageRefusal): void {
  countRefusal(error.reason, error.message);
  reject(error);
}

function refusedNow(error: StorageRefusal): Promise<never> {
  countRefusal(error.reason, error.message);
  return Promise.reject(error);
}

function storageFailure(error: unknown): StorageRefusal {
  countDatabaseError("ingest");
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  if (isDatabaseUnavailable(error)) {
    markUnavailable(queueLimits.breakerMs);
    logger.warn({ err: message }, "delivery not stored: database unavailable; answering 429");
    return new StorageRefusal("database_unavailable", "The database is unavailable; retry later", 60);
  }
  logger.error({ err: message }, "delivery not stored: storage error; answering 429");
  return new StorageRefusal("storage_error", "The delivery could not be stored; retry later", 60);
}

async function run(batch: Pending[]): Promise<void> {
  try {
    const results = await withRetry(batch.map((p) => p.ev));
    for (const [i, p] of batch.entries()) settleWith(p, results[i]);
  } catch (error) {
    if (batch.length === 1 || isDatabaseUnavailable(error)) {
      const refused = storageFailure(error);
      for (const p of batch) settle(p, { error: refused });
      return;
    }
    // Not an outage: find the one delivery the database refuses, store the others.
    logger.warn({ err: String(error), size: batch.length }, "batch failed; storing its deliveries one by one");
    for (const p of batch) {
      if (p.settled) continue;
      try {
        const [result] = await withRetry([p.ev]);
        settleWith(p, result);
      } catch (single) {
        settle(p, { error: storageFailure(single) });
      }
    }
  }
  notifyAppend();
}

function pump(): void {
  while (running < maxConcurrentBatches() && queue.length > 0) {
    const batch: Pending[] = [];
    while (batch.length < queueLimits.maxBatch) {
      const p = queue.shift();
      if (!p) break;
      if (!p.settled) batch.push(p); // a delivery already answered 429 is not stored
    }
    if (batch.length === 0) return;
    running += 1;
    void run(batch).finally(() => {
      running -= 1;
      pump();
    });
  }
}

/**
 * Resolves once nothing is queued or being committed (shutdown: a delivery answered
 * 429 on its deadline may still be in a batch that commits; the database must stay
 * open until it has).
 */
export async function drainIngest(pollMs = 10): Promise<void> {
  while (running > 0 || queue.some((p) => !p.settled)) await new Promise((r) => setTimeout(r, pollMs));
}

/** Appends one delivery to the log; resolves after the commit that includes it. */
export function recordEvent(ev: IncomingEvent): Promise<RecordResult> {
  const now = Date.now();
  if (recentlyUnavailable()) return refusedNow(new StorageRefusal("database_unavailable", "The database is unavailable; retry later", 60));
  if (queue.length >= queueLimits.maxDepth) {
    return refusedNow(new StorageRefusal("queue_full", `More than ${queueLimits.maxDepth} deliveries are waiting to be stored; retry later`, 30));
  }
  const oldest = queue.find((p) => !p.settled);
  if (oldest && now - oldest.enqueuedAt > queueLimits.stallMs) {
    return refusedNow(new StorageRefusal("queue_stalled", "Storage is not keeping up with deliveries; retry later", 30));
  }
  return new Promise((resolve, reject) => {
    // The timer fires after `pending` exists: a timeout never runs synchronously.
    const timer = setTimeout(() => {
      settle(pending, { error: new StorageRefusal("timeout", `The delivery could not be stored within ${queueLimits.deadlineMs} ms; retry later`, 30) });
    }, queueLimits.deadlineMs);
    const pending: Pending = { ev, enqueuedAt: now, settled: false, resolve, reject, timer };
    queue.push(pending);
    pump();
  });
}
