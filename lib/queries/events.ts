// Reads of stored deliveries: the filtered log (newest first) and one event whole.
import type { Prisma } from "../db";
import { db } from "../db";
import { parseStoredHeaders } from "../domain/json";
import { associationFields, relationFields } from "../projection";
import { eventList, type EventFilters } from "../filters/events";
import { amongIds, searchRows } from "./event-search";
import { listPage, type ListQuery, type Page } from "./list";
import { getLocationNames, locationFilterIds, locationIdCondition, withLocationNames, type LocationIds, type Named } from "./location-profiles";
import { reconcileRunsOfEvents } from "./reconcile-runs";
import { sameBytesAs } from "./same-bytes";
import { changesOf } from "./subject-changes";

export const eventSelect = {
  id: true,
  type: true,
  kind: true,
  locationId: true,
  subjectId: true,
  associationId: true,
  webhookId: true,
  eventTimestamp: true,
  receivedAt: true,
  lastSeenAt: true,
  verification: true,
  signedForm: true,
  route: true,
  duplicateCount: true,
  bodySize: true,
} satisfies Prisma.EventSelect;

export type EventRow = Prisma.EventGetPayload<{ select: typeof eventSelect }>;
/** An API row: the stored fields plus the location's display name (and, reconciled, its run). */
export type EventListRow = Named<EventRow> & { reconcileRunId?: number };

/** Adds the reconciliation run of each reconciled event (applied from a finding). */
async function withReconcileRuns<T extends { id: number; verification: string }>(rows: T[]): Promise<(T & { reconcileRunId?: number })[]> {
  const runs = await reconcileRunsOfEvents(rows.filter((r) => r.verification === "reconciled").map((r) => r.id));
  return runs.size === 0 ? rows : rows.map((r) => (runs.has(r.id) ? { ...r, reconcileRunId: runs.get(r.id) } : r));
}

/** The filters without paging: what the log's conditions and its export read. */
export type EventListFilters = Omit<EventFilters, "cursor" | "before" | "limit">;

/** `locationIds`: what the locationId filter text resolved to (locationFilterIds); without it the text is taken as an exact id. */
export function eventWhere(f: Omit<EventListFilters, "q">, locationIds?: readonly string[]): Prisma.EventWhereInput {
  return {
    ...(f.type ? { type: { in: f.type } } : {}),
    ...(f.kind ? { kind: { in: f.kind } } : {}),
    ...(locationIds ? { locationId: locationIdCondition(locationIds) } : f.locationId ? { locationId: f.locationId } : {}),
    ...(f.subjectId ? { subjectId: f.subjectId } : {}),
    ...(f.associationId ? { associationId: f.associationId } : {}),
    ...(f.verification ? { verification: { in: f.verification } } : {}),
    ...(f.from || f.to ? { receivedAt: { gte: f.from, lte: f.to } } : {}),
  };
}

/**
 * The events log, newest first, reading `select`: the page's row, or for the export
 * only ids and sizes. A body search reads ids from the search index in the same
 * keyset order, then the filters' conditions over them (see event-search.ts).
 */
function eventQuery<R extends { id: number }, Out>(
  findMany: (args: { where: Prisma.EventWhereInput; orderBy?: Prisma.EventOrderByWithRelationInput[]; take?: number }) => Promise<R[]>,
  present: (rows: R[]) => Promise<Out[]>,
): ListQuery<EventListFilters, R, Prisma.EventWhereInput, Prisma.EventOrderByWithRelationInput, Out, LocationIds> {
  return {
    spec: eventList,
    resolve: (f) => locationFilterIds(f.locationId),
    where: eventWhere,
    read: ({ filters: { q }, resolved: locationIds, where, filterWhere, orderBy, take, descending, afterId }) => {
      if (!q) return findMany({ where, orderBy, take });
      const seek = { desc: descending, bound: typeof afterId === "number" ? afterId : undefined, locationIds };
      return searchRows(q, seek, take, (ids, n) => amongIds(ids, n, descending, (among) => findMany({ where: { AND: [filterWhere, among] } })));
    },
    present,
  };
}

const eventListQuery = eventQuery(
  async (args) => (await db()).event.findMany({ ...args, select: eventSelect }),
  async (rows) => withReconcileRuns(await withLocationNames(rows)),
);

/** The export's first pass: ids and body sizes, so bodies can then be read in bounded runs (export.ts). */
export const eventPositions = eventQuery(
  async (args) => (await db()).event.findMany({ ...args, select: { id: true, bodySize: true } }),
  async (rows) => rows,
);

export function listEvents(f: EventFilters): Promise<Page<EventListRow>> {
  return listPage(eventListQuery, f);
}

/** The body's `appId` (which HighLevel app the delivery is for), or null when it has none. */
function appIdOf(raw: Buffer): string | null {
  try {
    const body: unknown = JSON.parse(raw.toString("utf8"));
    const appId = typeof body === "object" && body !== null && "appId" in body ? body.appId : undefined;
    return typeof appId === "string" ? appId : null;
  } catch {
    return null;
  }
}

/**
 * One event with its headers and stored body (as text, and base64 for byte-exact
 * copies), the app it says it is for, and the earlier event it repeats byte for byte
 * under another type, if any (a replay to another per-event URL, see same-bytes.ts).
 */
export async function getEvent(id: number) {
  const prisma = await db();
  const event = await prisma.event.findUnique({
    where: { id },
    select: { ...eventSelect, headers: true, rawBody: true, occurredAt: true, receivedSha256: true, receivedSize: true },
  });
  if (!event) return null;
  const raw = Buffer.from(event.rawBody);
  const { rawBody: _bytes, headers, ...rest } = event;
  const [sameAs, names, runs] = await Promise.all([
    event.subjectId && !event.webhookId ? sameBytesAs(event.subjectId, id, id).then((m) => m.get(id)) : undefined,
    getLocationNames([event.locationId]),
    event.verification === "reconciled" ? reconcileRunsOfEvents([id]) : new Map<number, number>(),
  ]);
  return {
    ...rest,
    headers: parseStoredHeaders(headers),
    rawBody: raw.toString("utf8"),
    rawBodyBase64: raw.toString("base64"),
    appId: appIdOf(raw),
    sameBytesAs: sameAs ?? null,
    locationName: (event.locationId !== null && names.get(event.locationId)) || null,
    reconcileRunId: runs.get(id) ?? null,
  };
}

/** The newest event id and how many events arrived after `since` (capped: it is a notice, not a report). */
export async function getEventsSince(since: number | undefined, cap = 1000) {
  const prisma = await db();
  const latest = await prisma.event.findFirst({ orderBy: { id: "desc" }, select: { id: true } });
  const latestId = latest?.id ?? 0;
  if (since === undefined || latestId <= since) return { latestId, newEvents: 0 };
  const newer = await prisma.event.findMany({ where: { id: { gt: since } }, select: { id: true }, take: cap + 1 });
  return { latestId, newEvents: Math.min(newer.length, cap), capped: newer.length > cap };
}

/** What an association or relation event changed, against that subject's events before it in projection order. */
export async function getEventChanges(event: { id: number; kind: string; subjectId: string | null }) {
  if (!event.subjectId || (event.kind !== "association" && event.kind !== "relation")) return null;
  const prisma = await db();
  const stored = await prisma.event.findUnique({ where: { id: event.id }, select: { id: true, type: true, occurredAt: true, rawBody: true } });
  if (!stored) return [];
  const fields = event.kind === "association" ? associationFields : relationFields;
  const changes = await changesOf(prisma, { subjectId: event.subjectId, kind: event.kind }, [stored], fields);
  return changes.get(event.id) ?? [];
}
