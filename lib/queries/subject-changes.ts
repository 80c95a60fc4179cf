// "What did these events change?" for a page of one subject's events, without
// replaying the subject's whole history. A diff compares an event with the state
// before it in projection order (event time, then type, then id), so it depends on
// the events just before it in event time, which need not be next to it by id
// (deliveries arrive late). This reads the subject's event keys backwards in event
// time from the page, then only the bodies of the events each diff depends on.
import type { Db, Prisma } from "../db";
import { bodyFields, changedFields, projectionOrder, type EventOrderKey, type FieldChange, type StoredEvent } from "./changes";

/** Events at or (inclusive: false) before this time are still to be read. */
type Bound = { at: Date; inclusive: boolean };

const keySelect = { id: true, type: true, occurredAt: true } satisfies Prisma.EventSelect;
const storedSelect = { ...keySelect, rawBody: true } satisfies Prisma.EventSelect;

/** Older keys are read this many at first, then 4× more each time, up to the cap. */
const firstChunk = 16;
const maxChunk = 1024;
/** Bodies a diff may still be missing before they are fetched: bounds the rounds for a Create-heavy history. */
const lookBehind = 4;

/**
 * What each of `events` (all matching `subject`) changed, exactly as changedFields
 * over every stored event of the subject would say. Usual cost (in-order deliveries,
 * an Update before the page): one read of `firstChunk` keys and one body. Each read
 * of keys is a range of the (subjectId, occurredAt, id) index.
 */
export async function changesOf(
  prisma: Db,
  subject: Prisma.EventWhereInput,
  events: readonly StoredEvent[],
  fields: readonly string[],
): Promise<Map<number, FieldChange[]>> {
  const ordered = [...events].sort(projectionOrder);
  const first = ordered[0];
  const last = ordered.at(-1);
  if (!first || !last) return new Map();
  const onPage = events.map((e) => e.id);
  const isOnPage = new Set(onPage);
  const offPage = (...occurredAt: (Prisma.DateTimeFilter | Date)[]): Prisma.EventWhereInput => ({
    AND: [subject, { id: { notIn: onPage } }, ...occurredAt.map((at) => ({ occurredAt: at }))],
  });
  const upTo = (b: Bound) => (b.inclusive ? { lte: b.at } : { lt: b.at });
  const newestFirst = [{ occurredAt: "desc" as const }, { id: "desc" as const }];

  // `keys` holds every event off the page with occurredAt above `below` (down to the oldest once exhausted).
  const keys: EventOrderKey[] = [];
  let below: Bound = { at: last.occurredAt, inclusive: true };
  let exhausted = false;
  let take = firstChunk;
  const readOlder = async () => {
    const rows = await prisma.event.findMany({ where: offPage(upTo(below)), orderBy: newestFirst, select: keySelect, take });
    const lowest = rows.at(-1)?.occurredAt;
    if (rows.length < take || !lowest) {
      exhausted = true;
      keys.push(...rows);
    } else if (rows[0]?.occurredAt.getTime() === lowest.getTime()) {
      // More events share one time than this read took: the projection orders them by
      // type and id, so take the whole group.
      keys.push(...(await prisma.event.findMany({ where: offPage(lowest), select: keySelect })));
      below = { at: lowest, inclusive: false };
    } else {
      // The group at `lowest` may go on past this read: leave it to the next one.
      keys.push(...rows.filter((r) => r.occurredAt.getTime() > lowest.getTime()));
      below = { at: lowest, inclusive: true };
    }
    take = Math.min(take * 4, maxChunk);
  };

  await readOlder();
  const gap = first.occurredAt.getTime() - below.at.getTime();
  const covered = exhausted || gap > 0 || (gap === 0 && !below.inclusive);
  if (!covered) {
    // Late deliveries interleave with the page: read the rest of its time span at once.
    // The walk below would get there too (the page's first event needs an event before
    // it), but chunk by chunk, and each read may scan all of the subject's events.
    keys.push(...(await prisma.event.findMany({ where: offPage(upTo(below), { gte: first.occurredAt }), select: keySelect })));
    below = { at: first.occurredAt, inclusive: false };
  }

  // Fields each loaded event carries; an event without an entry has no body in hand yet.
  const carried = new Map<number, string[]>();
  const loaded: StoredEvent[] = [];
  const load = (e: StoredEvent) => {
    const body = bodyFields(e.rawBody);
    carried.set(
      e.id,
      fields.filter((f) => typeof body[f] === "string"),
    );
    loaded.push(e);
  };
  events.forEach(load);
  for (;;) {
    // Walk back from each page event until every field is set by an event before it.
    const timeline: EventOrderKey[] = [...events, ...keys].sort(projectionOrder);
    const need = new Set<number>();
    let needOlder = false;
    timeline.forEach((e, at) => {
      if (!isOnPage.has(e.id)) return;
      const unsettled = new Set(fields);
      let missing = 0;
      let q = at - 1;
      for (; q >= 0 && unsettled.size > 0 && missing < lookBehind; q--) {
        const id = timeline[q]?.id ?? 0;
        const c = carried.get(id);
        if (c) {
          for (const f of c) unsettled.delete(f);
        } else {
          need.add(id);
          missing++;
        }
      }
      if (q < 0 && unsettled.size > 0 && missing === 0 && !exhausted) needOlder = true;
    });
    if (need.size === 0 && !needOlder) break;
    if (need.size > 0) {
      const rows = await prisma.event.findMany({ where: { id: { in: [...need] } }, select: storedSelect });
      rows.forEach(load);
      // Pruned by retention in between: it no longer exists, so it carries nothing.
      for (const id of need) if (!carried.has(id)) carried.set(id, []);
    } else {
      await readOlder();
    }
  }
  // Every event a page diff depends on is loaded; the other loaded events' diffs may lack older state.
  return new Map(changedFields(loaded, fields).map(({ event, changes }) => [event.id, changes]));
}
