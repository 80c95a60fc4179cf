// An association's event history one keyset page at a time (newest first by event
// id, like the events log), each entry with what it changed (see subject-changes.ts
// for how a page's diffs are computed without the rest of the history).
import type { Prisma } from "../db";
import { db, type Db } from "../db";
import { associationHistoryList, type AssociationHistoryParams } from "../filters/associations";
import { associationFields } from "../projection";
import { changedFields, type FieldChange, type StoredEvent } from "./changes";
import { listPage, unscoped, type ListQuery, type Page } from "./list";
import { reconcileRunsOfEvents } from "./reconcile-runs";
import { sameBytesAs } from "./same-bytes";
import { changesOf } from "./subject-changes";

export interface HistoryEntry {
  eventId: number;
  type: string | null;
  occurredAt: Date;
  eventTimestamp: Date | null;
  receivedAt: Date;
  verification: string;
  duplicateCount: number;
  changes: FieldChange[];
  /** An earlier event with the same bytes under another type (a replay to another URL), if any. */
  sameBytesAs: number | null;
  /** The association's delivery just before this one by arrival (the next entry down the history, perhaps on the next page), for "Compare with previous". */
  previousEventId: number | null;
  /** For a reconciled event (verification "reconciled"): the reconciliation run it was applied from. */
  reconcileRunId?: number;
  /**
   * The stored body as text, only when asked for (the page shows it, the API does not)
   * and only up to inlineBodyBytes; larger bodies are shown on the event's own page.
   */
  rawBody?: string;
  bodySize: number;
}

/** Where a history page sits: cursors to the older (next) and newer (previous) page, as on the lists. */
export interface HistoryPage {
  nextCursor: string | null;
  prevCursor: string | null;
}

const storedSelect = { id: true, type: true, occurredAt: true, rawBody: true } satisfies Prisma.EventSelect;

/** Bodies larger than this are not inlined in the history page (the event page shows them). */
export const inlineBodyBytes = 64 * 1024;

const historySelect = {
  ...storedSelect,
  bodySize: true,
  eventTimestamp: true,
  receivedAt: true,
  verification: true,
  duplicateCount: true,
} satisfies Prisma.EventSelect;

type HistoryRow = Prisma.EventGetPayload<{ select: typeof historySelect }>;
const subjectOf = (associationId: string) => ({ subjectId: associationId, kind: "association" }) satisfies Prisma.EventWhereInput;

/** One association's events, newest first: the rows of its history, before their diffs. */
const historyQuery: ListQuery<{ associationId: string }, HistoryRow, Prisma.EventWhereInput, Prisma.EventOrderByWithRelationInput, HistoryRow> = {
  spec: associationHistoryList,
  resolve: unscoped,
  where: (f) => subjectOf(f.associationId),
  read: async ({ where, orderBy, take }) => (await db()).event.findMany({ where, orderBy, select: historySelect, take }),
  present: async (rows) => rows,
};

function changesWithin(events: StoredEvent[], fields: readonly string[]): Map<number, FieldChange[]> {
  return new Map(changedFields(events, fields).map(({ event, changes }) => [event.id, changes]));
}

/** One page of an association's history, newest first by event id, each entry with what it changed. */
export async function listAssociationHistory(
  id: string,
  params: AssociationHistoryParams,
  { rawBodies = false }: { rawBodies?: boolean } = {},
): Promise<Page<HistoryEntry>> {
  const prisma = await db();
  const subject = subjectOf(id);
  const page = await listPage(historyQuery, { ...params, associationId: id });
  // A first page with nothing after it is the whole history: nothing else to read.
  const whole = !params.cursor && !params.before && page.nextCursor === null;
  const changes = whole ? changesWithin(page.data, associationFields) : await changesOf(prisma, subject, page.data, associationFields);
  const ids = page.data.map((e) => e.id);
  const repeats = ids.length > 0 ? await sameBytesAs(id, Math.min(...ids), Math.max(...ids)) : new Map<number, number>();
  const runs = await reconcileRunsOfEvents(page.data.filter((e) => e.verification === "reconciled").map((e) => e.id));
  const previous = await previousDeliveries(prisma, subject, ids, page.nextCursor !== null);
  const data = page.data.map((event) => ({
    eventId: event.id,
    type: event.type,
    occurredAt: event.occurredAt,
    eventTimestamp: event.eventTimestamp,
    receivedAt: event.receivedAt,
    verification: event.verification,
    duplicateCount: event.duplicateCount,
    changes: changes.get(event.id) ?? [],
    sameBytesAs: repeats.get(event.id) ?? null,
    previousEventId: previous.get(event.id) ?? null,
    ...(runs.has(event.id) ? { reconcileRunId: runs.get(event.id) } : {}),
    bodySize: event.bodySize,
    ...(rawBodies && event.bodySize <= inlineBodyBytes ? { rawBody: Buffer.from(event.rawBody).toString("utf8") } : {}),
  }));
  return { ...page, data };
}

/**
 * Each page entry's previous delivery by id: the entry below it, and for the oldest
 * entry, when older pages exist, one indexed read of the (subjectId, id) index.
 */
async function previousDeliveries(prisma: Db, subject: Prisma.EventWhereInput, ids: number[], olderPages: boolean): Promise<Map<number, number>> {
  const sorted = [...ids].sort((a, b) => b - a);
  const out = new Map<number, number>();
  sorted.forEach((id, i) => {
    const next = sorted[i + 1];
    if (next !== undefined) out.set(id, next);
  });
  const oldest = sorted.at(-1);
  if (oldest !== undefined && olderPages) {
    const before = await prisma.event.findFirst({ where: { AND: [subject, { id: { lt: oldest } }] }, orderBy: { id: "desc" }, select: { id: true } });
    if (before) out.set(oldest, before.id);
  }
  return out;
}

/**
 * How many of the association's events are still stored (retention prunes old
 * ones; eventCount keeps counting them). It reads every one of them, so the page
 * asks only on the oldest page, where the difference is worth saying.
 */
export async function countStoredHistory(id: string): Promise<number> {
  const prisma = await db();
  return prisma.event.count({ where: { subjectId: id, kind: "association" } });
}
