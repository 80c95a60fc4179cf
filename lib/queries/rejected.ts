// The rejected-requests log: what the receiver refused and why. Bounded in rows
// (REJECTED_MAX_ROWS) and in bytes per row (REJECTED_BODY_PREFIX_BYTES), so a
// flood of bad requests cannot fill the disk.
import { db, withWriteLock, writeDb } from "../db";
import { env } from "../env";
import { logger } from "../logger";
import type { RejectedFilters } from "../filters/rejected";
import { seekPage } from "./keyset";
import type { Page } from "./paging";

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

/** Records a rejection. Never throws: failing to log must not change the answer. */
export async function recordRejected(input: RejectedInput): Promise<void> {
  try {
    const prisma = await writeDb();
    const { REJECTED_MAX_ROWS: cap, REJECTED_BODY_PREFIX_BYTES: prefix } = env();
    const data = {
      ...input,
      // JSON.parse messages quote the body; PostgreSQL text cannot hold NUL characters.
      message: input.message.replaceAll("\u0000", "\uFFFD"),
      headers: JSON.stringify(input.headers),
      bodyPrefix: input.bodyPrefix.subarray(0, prefix),
    };
    await withWriteLock(() =>
      prisma.$transaction(async (tx) => {
        const { id } = await tx.rejectedRequest.create({ data, select: { id: true } });
        // Ids only grow, so everything at or below id - cap is the overflow.
        if (id > cap) await tx.rejectedRequest.deleteMany({ where: { id: { lte: id - cap } } });
      }),
    );
  } catch (error) {
    logger.warn({ err: error instanceof Error ? error.message : String(error), cause: input.cause }, "could not record rejected request");
  }
}

export type RejectedRow = Awaited<ReturnType<typeof listRejected>>["data"][number];

export async function listRejected(filters: RejectedFilters): Promise<Page<ReturnType<typeof toRejectedRow>>> {
  const prisma = await db();
  const where = {
    ...(filters.cause ? { cause: { in: filters.cause } } : {}),
    ...(filters.from || filters.to ? { receivedAt: { gte: filters.from, lte: filters.to } } : {}),
  };
  return seekPage({
    sort: { key: "id", desc: true },
    nullable: false,
    after: filters.cursor ? [null, filters.cursor] : undefined,
    before: filters.before ? [null, filters.before] : undefined,
    limit: filters.limit,
    fetch: async (seek, orderBy, take) =>
      (await prisma.rejectedRequest.findMany({ where: { AND: [where, seek] }, orderBy, take })).map(toRejectedRow),
    cursorOf: (r) => r.id,
  });
}

function toRejectedRow(r: {
  id: number;
  receivedAt: Date;
  status: number;
  cause: string;
  message: string;
  method: string;
  path: string;
  headers: string;
  bodyPrefix: Uint8Array;
  bodySize: number;
}) {
  return {
    id: r.id,
    receivedAt: r.receivedAt,
    status: r.status,
    cause: r.cause,
    message: r.message,
    method: r.method,
    path: r.path,
    headers: JSON.parse(r.headers) as Record<string, string>,
    bodyPrefix: Buffer.from(r.bodyPrefix).toString("utf8"),
    bodySize: r.bodySize,
    // A 413 stops reading at the limit, so its body always went on past what was kept.
    bodyTruncated: r.bodyPrefix.byteLength < r.bodySize || r.status === 413,
  };
}
