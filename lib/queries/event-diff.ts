// Two stored events side by side with what differs between them (lib/event-diff.ts).
import { db } from "../db";
import { fieldChangesBetween, rawBodyDiff, type DiffFields, type RawDiff } from "../event-diff";
import type { FieldChange } from "./changes";
import { eventSelect, type EventRow } from "./events";
import { getLocationNames } from "./location-profiles";
import { reconcileRunsOfEvents } from "./reconcile-runs";

export type DiffSide = EventRow & { locationName: string | null; reconcileRunId: number | null };

export interface EventDiff {
  a: DiffSide;
  b: DiffSide;
  /** Which fields `changes` compares (see lib/event-diff.ts). */
  fields: DiffFields;
  /** A → B. */
  changes: FieldChange[];
  raw: RawDiff;
}

/** The diff of events a and b, or the ids that are not stored. */
export async function getEventDiff(a: number, b: number): Promise<{ found: true; diff: EventDiff } | { found: false; missing: number[] }> {
  const prisma = await db();
  const rows = await prisma.event.findMany({ where: { id: { in: [...new Set([a, b])] } }, select: { ...eventSelect, rawBody: true } });
  const byId = new Map(rows.map((r) => [r.id, r]));
  const ra = byId.get(a);
  const rb = byId.get(b);
  if (!ra || !rb) return { found: false, missing: [...new Set([a, b])].filter((id) => !byId.has(id)) };
  const [names, runs] = await Promise.all([
    getLocationNames([ra.locationId, rb.locationId]),
    reconcileRunsOfEvents(rows.filter((r) => r.verification === "reconciled").map((r) => r.id)),
  ]);
  const side = ({ rawBody: _bytes, ...row }: typeof ra): DiffSide => ({
    ...row,
    locationName: (row.locationId !== null && names.get(row.locationId)) || null,
    reconcileRunId: runs.get(row.id) ?? null,
  });
  const body = (r: typeof ra) => ({ kind: r.kind, bodySize: r.bodySize, rawBody: Buffer.from(r.rawBody).toString("utf8") });
  const [ba, bb] = [body(ra), body(rb)];
  return { found: true, diff: { a: side(ra), b: side(rb), ...fieldChangesBetween(ba, bb), raw: rawBodyDiff(ba, bb) } };
}
