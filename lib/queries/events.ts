// Reads of stored deliveries: the filtered log (newest first) and one event whole.
import type { Prisma } from "../generated/postgresql/client";
import { db } from "../db";
import type { EventFilters } from "../filters/events";
import { seekPage } from "./keyset";
import type { Page } from "./paging";

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

export function eventWhere(f: Omit<EventFilters, "cursor" | "before" | "limit">): Prisma.EventWhereInput {
  return {
    ...(f.type ? { type: { in: f.type } } : {}),
    ...(f.kind ? { kind: { in: f.kind } } : {}),
    ...(f.locationId ? { locationId: f.locationId } : {}),
    ...(f.subjectId ? { subjectId: f.subjectId } : {}),
    ...(f.associationId ? { associationId: f.associationId } : {}),
    ...(f.verification ? { verification: { in: f.verification } } : {}),
    ...(f.from || f.to ? { receivedAt: { gte: f.from, lte: f.to } } : {}),
  };
}

const newestFirst = { key: "id" as const, desc: true };

export async function listEvents(f: EventFilters): Promise<Page<EventRow>> {
  const prisma = await db();
  const where = eventWhere(f);
  return seekPage({
    sort: newestFirst,
    nullable: false,
    after: f.cursor ? [null, f.cursor] : undefined,
    before: f.before ? [null, f.before] : undefined,
    limit: f.limit,
    fetch: (seek, orderBy, take) =>
      prisma.event.findMany({ where: { AND: [where, seek] }, orderBy: orderBy as Prisma.EventOrderByWithRelationInput[], select: eventSelect, take }),
    cursorOf: (r) => r.id,
  });
}

/** One event with its headers and raw body (as text, and base64 for byte-exact copies). */
export async function getEvent(id: number) {
  const prisma = await db();
  const event = await prisma.event.findUnique({
    where: { id },
    select: { ...eventSelect, headers: true, rawBody: true, occurredAt: true },
  });
  if (!event) return null;
  const raw = Buffer.from(event.rawBody);
  const { rawBody: _bytes, headers, ...rest } = event;
  return {
    ...rest,
    headers: JSON.parse(headers) as Record<string, string>,
    rawBody: raw.toString("utf8"),
    rawBodyBase64: raw.toString("base64"),
  };
}
