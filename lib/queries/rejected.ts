// The rejected-requests log: what the receiver refused and why. Bounded in rows
// (REJECTED_MAX_ROWS) and in bytes per row (REJECTED_BODY_PREFIX_BYTES), so a
// flood of bad requests cannot fill the disk.
import { db, withWriteLock, writeDb } from "../db";
import { parseStoredHeaders } from "../domain/json";
import { env } from "../env";
import { logger } from "../logger";
import { countDatabaseError } from "../metrics/database-errors";
import { rejectedList, type RejectedFilters } from "../filters/rejected";
import type { Prisma } from "../db";
import type { RejectedRequest } from "../generated/sqlite/client";
import { listPage, unscoped, type ListQuery, type Page } from "./list";

export interface RejectedInput {
  receivedAt: Date;
  status: number;
  cause: string;
  message: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  bodyPrefix: Uint8Array<ArrayBuffer>;
  bodySize: number;
}

// Group commit, like deliveries: refusals arriving together share one transaction,
// so a junk flood costs a few writes a second, not one fsync-backed transaction per
// request beside the real deliveries. Per-cause totals are exact and kept apart from
// the rows (Counter "rejected:<cause>"), so evicting rows never loses the count.
// When one cause floods, its first rows are kept and then only the latest: a single
// row, replaced by each batch, whose `repeats` says how many more refusals it stands for.
const flushDelayMs = 25;
const maxBatch = 500;
/** Rows kept individually at the start of a burst of one cause. */
export const keptPerBurst = 20;
/** A pause this long ends a cause's burst. */
const burstGapMs = 10_000;

interface Pending {
  input: RejectedInput;
  done: () => void;
}

interface Burst {
  lastAt: number;
  kept: number;
  /** The row that stands for the burst's latest refusals, once past keptPerBurst. */
  latest: { id: number; repeats: number } | null;
}

interface LogState {
  queue: Pending[];
  timer: NodeJS.Timeout | null;
  flushing: Promise<void> | null;
  bursts: Map<string, Burst>;
}
declare global {
  /** The refusals waiting for their batch, on globalThis so a dev-mode module reload keeps them. */
  var __associationMonitorRejectedLog: LogState | undefined;
}
globalThis.__associationMonitorRejectedLog ??= { queue: [], timer: null, flushing: null, bursts: new Map() };
const state: LogState = globalThis.__associationMonitorRejectedLog;

const rejectedCounterName = (cause: string) => `rejected:${cause}`;

/**
 * Records a refusal; resolves once the batch holding it is written (or failed:
 * logged). Never throws: failing to log must not change the answer.
 */
export function recordRejected(input: RejectedInput): Promise<void> {
  return new Promise((done) => {
    state.queue.push({ input, done });
    if (state.queue.length >= maxBatch) void flushRejected();
    else state.timer ??= setTimeout(() => void flushRejected(), flushDelayMs);
  });
}

/** Writes everything queued so far (tests call it to read the log at once). */
export async function flushRejected(): Promise<void> {
  if (state.timer) clearTimeout(state.timer);
  state.timer = null;
  while (state.flushing !== null) await state.flushing;
  const batch = state.queue.splice(0, maxBatch);
  if (batch.length === 0) return;
  state.flushing = writeBatch(batch.map((p) => p.input)).finally(() => {
    state.flushing = null;
    for (const p of batch) p.done();
    if (state.queue.length > 0) void flushRejected();
  });
  await state.flushing;
}

type RowData = ReturnType<typeof rowData>;

function rowData(input: RejectedInput, prefix: number) {
  return {
    ...input,
    // JSON.parse messages quote the body; PostgreSQL text cannot hold NUL characters.
    message: input.message.replaceAll("\u0000", "\uFFFD"),
    headers: JSON.stringify(input.headers),
    bodyPrefix: input.bodyPrefix.subarray(0, prefix),
  };
}

interface Plan {
  inserts: RowData[];
  /** Per flooding cause: the latest refusal and how many more it stands for. */
  latest: Map<string, { data: RowData; folded: number }>;
  totals: Map<string, number>;
}

function planBatch(inputs: RejectedInput[], prefix: number): Plan {
  const plan: Plan = { inserts: [], latest: new Map(), totals: new Map() };
  for (const input of inputs) {
    plan.totals.set(input.cause, (plan.totals.get(input.cause) ?? 0) + 1);
    const now = input.receivedAt.getTime();
    let burst = state.bursts.get(input.cause);
    if (!burst || now - burst.lastAt > burstGapMs) {
      burst = { lastAt: now, kept: 0, latest: null };
      state.bursts.set(input.cause, burst);
    }
    burst.lastAt = Math.max(burst.lastAt, now);
    const data = rowData(input, prefix);
    if (burst.kept < keptPerBurst) {
      burst.kept += 1;
      plan.inserts.push(data);
    } else {
      const held = plan.latest.get(input.cause);
      plan.latest.set(input.cause, { data, folded: held ? held.folded + 1 : 0 });
    }
  }
  return plan;
}

async function writeBatch(inputs: RejectedInput[]): Promise<void> {
  try {
    const prisma = await writeDb();
    const { REJECTED_MAX_ROWS: cap, REJECTED_BODY_PREFIX_BYTES: prefix } = env();
    const plan = planBatch(inputs, prefix);
    await withWriteLock(() =>
      prisma.$transaction(async (tx) => {
        let maxId = 0;
        for (const data of plan.inserts) maxId = Math.max(maxId, (await tx.rejectedRequest.create({ data, select: { id: true } })).id);
        for (const [cause, { data, folded }] of plan.latest) {
          // The burst's latest row moves to the newest position, standing for every
          // refusal of the burst not kept individually.
          const burst = state.bursts.get(cause);
          if (!burst) continue;
          let repeats = folded;
          if (burst.latest) {
            const removed = await tx.rejectedRequest.deleteMany({ where: { id: burst.latest.id } });
            if (removed.count > 0) repeats += burst.latest.repeats + 1;
          }
          const { id } = await tx.rejectedRequest.create({ data: { ...data, repeats }, select: { id: true } });
          burst.latest = { id, repeats };
          maxId = Math.max(maxId, id);
        }
        for (const [cause, n] of plan.totals) {
          await tx.counter.upsert({
            where: { name: rejectedCounterName(cause) },
            create: { name: rejectedCounterName(cause), value: n },
            update: { value: { increment: n } },
          });
        }
        // Ids only grow, so everything at or below maxId - cap is the overflow.
        if (maxId > cap) await tx.rejectedRequest.deleteMany({ where: { id: { lte: maxId - cap } } });
      }),
    );
  } catch (error) {
    // A failed batch's burst bookkeeping may name rows that were rolled back: start over.
    state.bursts.clear();
    countDatabaseError("rejected_log");
    logger.warn({ err: error instanceof Error ? error.message : String(error), refused: inputs.length }, "could not record rejected requests");
  }
}

/** Exact refusals per cause since counting began; they survive the rows' eviction. */
export async function rejectedTotals(): Promise<Record<string, number>> {
  const prisma = await db();
  const rows = await prisma.counter.findMany({ where: { name: { startsWith: "rejected:" } } });
  return Object.fromEntries(rows.map((r) => [r.name.slice("rejected:".length), r.value]));
}

/** Test hook: forget burst state (the tables are cleared separately). */
export function resetRejectedLog(): void {
  state.bursts.clear();
}

export type RejectedRow = ReturnType<typeof toRejectedRow>;
type RejectedListFilters = Omit<RejectedFilters, "cursor" | "before" | "limit">;

/** The rejected log, newest first. */
const rejectedListQuery: ListQuery<
  RejectedListFilters,
  RejectedRequest,
  Prisma.RejectedRequestWhereInput,
  Prisma.RejectedRequestOrderByWithRelationInput,
  RejectedRow
> = {
  spec: rejectedList,
  resolve: unscoped,
  where: (f) => ({
    ...(f.cause ? { cause: { in: f.cause } } : {}),
    ...(f.from || f.to ? { receivedAt: { gte: f.from, lte: f.to } } : {}),
  }),
  read: async ({ where, orderBy, take }) => (await db()).rejectedRequest.findMany({ where, orderBy, take }),
  present: async (rows) => rows.map(toRejectedRow),
};

export function listRejected(filters: RejectedFilters): Promise<Page<RejectedRow>> {
  return listPage(rejectedListQuery, filters);
}

function toRejectedRow(r: RejectedRequest) {
  return {
    id: r.id,
    receivedAt: r.receivedAt,
    status: r.status,
    cause: r.cause,
    message: r.message,
    method: r.method,
    path: r.path,
    headers: parseStoredHeaders(r.headers),
    bodyPrefix: Buffer.from(r.bodyPrefix).toString("utf8"),
    bodySize: r.bodySize,
    repeats: r.repeats,
    // A 413 stops reading at the limit, so its body always went on past what was kept.
    bodyTruncated: r.bodyPrefix.byteLength < r.bodySize || r.status === 413,
  };
}
