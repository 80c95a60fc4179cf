// Group commit: deliveries arriving while a batch is being committed wait together
// and go into the next batch (up to maxBatch), so under load one transaction and
// one fsync serve many requests, and at low load a delivery is stored at once. A
// caller's promise settles only after its batch committed. A batch that fails for a
// reason other than a retryable conflict is re-run one delivery at a time, so one
// bad delivery cannot fail the others.
import { databaseKind } from "../db";
import { logger } from "../logger";
import { recordBatch, type IncomingEvent, type RecordResult } from "./ingest";

interface Pending {
  ev: IncomingEvent;
  resolve: (result: RecordResult) => void;
  reject: (error: unknown) => void;
}

const maxBatch = 200;
const queue: Pending[] = [];
let running = 0;

// SQLite has one writer anyway; PostgreSQL gains from a few batches in flight.
const maxConcurrentBatches = () => (databaseKind() === "postgresql" ? 4 : 1);

/** Unique-key races, write conflicts and deadlocks: retrying the batch resolves them. */
const retryable = new Set(["P2002", "P2034", "40P01", "40001"]);

function isRetryable(error: unknown): boolean {
  const e = error as { code?: unknown; meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } } | null;
  return retryable.has(String(e?.code)) || retryable.has(String(e?.meta?.driverAdapterError?.cause?.originalCode));
}

async function withRetry(events: IncomingEvent[], attempts = 5): Promise<RecordResult[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await recordBatch(events);
    } catch (error) {
      if (attempt >= attempts || !isRetryable(error)) throw error;
      await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 10));
    }
  }
}

async function run(batch: Pending[]): Promise<void> {
  try {
    const results = await withRetry(batch.map((p) => p.ev));
    batch.forEach((p, i) => p.resolve(results[i] as RecordResult));
  } catch (error) {
    if (batch.length === 1) {
      batch[0]?.reject(error);
      return;
    }
    logger.warn({ err: String(error), size: batch.length }, "batch failed; storing its deliveries one by one");
    for (const p of batch) {
      try {
        p.resolve((await withRetry([p.ev]))[0] as RecordResult);
      } catch (single) {
        p.reject(single);
      }
    }
  }
}

function pump(): void {
  while (running < maxConcurrentBatches() && queue.length > 0) {
    const batch = queue.splice(0, maxBatch);
    running += 1;
    void run(batch).finally(() => {
      running -= 1;
      pump();
    });
  }
}

/** Stores and projects one delivery; resolves after the commit that includes it. */
export function recordEvent(ev: IncomingEvent): Promise<RecordResult> {
  return new Promise((resolve, reject) => {
    queue.push({ ev, resolve, reject });
    pump();
  });
}
