// GET /api/associations/{id} pages the history: keyset pages newest first by event
// id, both directions, and each entry's changes exactly as the unpaged replay of the
// whole history gives them, also where the state before an entry is on another page.
import { beforeAll, describe, expect, it } from "vitest";
import { GET as oneRoute } from "@/app/api/associations/[id]/route";
import { db } from "@/lib/db";
import { encodeCursor } from "@/lib/filters/common";
import { associationFields } from "@/lib/projection";
import { changedFields } from "@/lib/queries/changes";
import { getEventChanges } from "@/lib/queries/events";
import { associationHistorySchema } from "@/lib/filters/associations";
import { inlineBodyBytes, listAssociationHistory } from "@/lib/queries/history";
import { clearDatabase } from "./helpers/db";
import { get, type Json } from "./helpers/http";
import { settleProjection } from "./helpers/projection";
import { deliverOk, envelopeBody, seedBase } from "./helpers/seed";

const minute = 60_000;
const T = (n: number) => seedBase + n * minute;
const cardinalities = ["MANY_TO_MANY", "ONE_TO_MANY", "MANY_TO_ONE", "ONE_TO_ONE"] as const;
const cards = (n: number) => cardinalities[Math.floor(n / 7) % 4] ?? "MANY_TO_MANY";
const label = (n: number) => `Label ${n}`;

const one = (id: string, query = "") => get(oneRoute, `/api/associations/${encodeURIComponent(id)}${query}`, { params: Promise.resolve({ id }) });
const eventIds = (body: Json): number[] => body.data.history.map((h: Json) => h.eventId);

function definition(id: string, n: number) {
  return {
    id,
    key: "buyer_property_interest",
    associationType: "USER_DEFINED",
    firstObjectKey: "custom_objects.real_estate_buyer",
    firstObjectLabel: label(n),
    secondObjectKey: "custom_objects.property",
    secondObjectLabel: `Property ${Math.floor(n / 10)}`,
    locationId: "location-history",
  };
}

/** Delivers one event per spec, in order (so ids follow it), and settles the projection once at the end. */
async function deliverAll(id: string, specs: { type: string; n: number; at: number }[]): Promise<Map<number, number>> {
  const idOf = new Map<number, number>();
  for (const { type, n, at } of specs) {
    const fields =
      type === "AssociationCreate"
        ? definition(id, n)
        : { ...definition(id, n), firstObjectToSecondObjectCardinality: cards(n), secondObjectToFirstObjectCardinality: cards(n + 7) };
    const res = await deliverOk(envelopeBody(type, fields, at), { settle: false });
    idOf.set(n, res.eventId as number);
  }
  await settleProjection();
  return idOf;
}

/** The changes of every event of the association, replayed over its whole history (what the unpaged detail returned). */
async function unpagedChanges(id: string): Promise<Map<number, unknown>> {
  const prisma = await db();
  const events = await prisma.event.findMany({
    where: { subjectId: id, kind: "association" },
    select: { id: true, type: true, occurredAt: true, rawBody: true },
  });
  return new Map(changedFields(events, associationFields).map(({ event, changes }) => [event.id, changes]));
}

/** Every page following nextCursor from the first. */
async function walkOlder(id: string, limit: number) {
  const pages: Json[] = [];
  let cursor: string | null = null;
  do {
    const res = await one(id, `?limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`);
    expect(res.status).toBe(200);
    pages.push(res.body.data);
    cursor = res.body.data.historyPage.nextCursor;
  } while (cursor && pages.length < 1000);
  return pages;
}

describe("GET /api/associations/{id}: a 120-event history in pages", () => {
  const id = "67b0c0ffee0000000000a120";
  let idOf: Map<number, number>;
  let all: number[];

  beforeAll(async () => {
    await clearDatabase();
    // n = delivery order. Mostly Updates one minute apart, with:
    // - late deliveries whose event time falls among older events, on another page;
    // - a Create at the same time as the Update before it (a Create ranks lower);
    // - a run of Creates (no cardinalities) just before the first page's oldest entry;
    // - a Delete, followed by further Updates.
    const late = new Map([
      [21, 3],
      [49, 28],
      [50, 12],
      [71, 46],
      [100, 75],
      [101, 60],
    ]);
    const specs = Array.from({ length: 120 }, (_, n) => {
      const type = n === 0 || n === 60 || (n >= 64 && n <= 69) ? "AssociationCreate" : n === 110 ? "AssociationDelete" : "AssociationUpdate";
      const at = late.has(n) ? T(late.get(n) ?? 0) + 30_000 : n === 60 ? T(59) : T(n);
      return { type, n, at };
    });
    idOf = await deliverAll(id, specs);
    all = [...idOf.values()].sort((a, b) => b - a);
  });

  it("walks 120 events at limit=50 as pages of 50, 50 and 20, newest first by id, without duplicates or gaps", async () => {
    const pages = await walkOlder(id, 50);
    expect(pages.map((p) => p.history.length)).toEqual([50, 50, 20]);
    expect(pages.flatMap((p) => p.history.map((h: Json) => h.eventId))).toEqual(all);
    expect(pages[0].historyPage.prevCursor).toBeNull();
    expect(typeof pages[1].historyPage.prevCursor).toBe("string");
    expect(pages[2].historyPage.nextCursor).toBeNull();
    for (const p of pages) expect(p).toMatchObject({ id, eventCount: 120, status: "deleted" });
  });

  it("walks back with before= over the same pages, to a first page with no prevCursor", async () => {
    const forward = await walkOlder(id, 50);
    let prev: string | null = forward[2].historyPage.prevCursor;
    for (const expected of [forward[1], forward[0]]) {
      const res = await one(id, `?limit=50&before=${prev}`);
      expect(res.status).toBe(200);
      expect(eventIds(res.body)).toEqual(expected.history.map((h: Json) => h.eventId));
      expect(res.body.data.history).toEqual(expected.history);
      prev = res.body.data.historyPage.prevCursor;
    }
    expect(prev).toBeNull();
  });

  it.each([50, 7, 1])("at limit=%i every entry's changes equal the unpaged replay, across page boundaries", async (limit) => {
    const expected = await unpagedChanges(id);
    const entries = (await walkOlder(id, limit)).flatMap((p) => p.history);
    expect(entries).toHaveLength(120);
    for (const entry of entries)
      expect({ eventId: entry.eventId, changes: entry.changes }).toEqual({ eventId: entry.eventId, changes: expected.get(entry.eventId) });
  });

  it("diffs the first page's oldest entry against the events before it in time on the next page, past the Creates", async () => {
    const [first] = await walkOlder(id, 50);
    const oldest = first.history.at(-1);
    expect(oldest.eventId).toBe(idOf.get(70));
    // n=69 (a Create, on page two) set the labels; the cardinalities come from n=63, before the Creates.
    expect(oldest.changes).toEqual([
      { field: "firstObjectLabel", from: label(69), to: label(70) },
      { field: "secondObjectLabel", from: "Property 6", to: "Property 7" },
      { field: "firstObjectToSecondObjectCardinality", from: cards(63), to: cards(70) },
      { field: "secondObjectToFirstObjectCardinality", from: cards(70), to: cards(77) },
    ]);
    // n=71 arrived late: its event time follows n=46's, two pages further down by id.
    const lateEntry = first.history.find((h: Json) => h.eventId === idOf.get(71));
    expect(lateEntry.changes).toContainEqual({ field: "firstObjectLabel", from: label(46), to: label(71) });
  });

  it("gives 50 entries and a nextCursor without paging parameters, and keeps the row's fields", async () => {
    const res = await one(id);
    expect(res.status).toBe(200);
    expect(eventIds(res.body)).toEqual(all.slice(0, 50));
    expect(Object.keys(res.body.data.historyPage).sort()).toEqual(["nextCursor", "prevCursor"]);
    expect(res.body.data).toMatchObject({ id, key: "buyer_property_interest", firstObjectLabel: label(119), eventCount: 120 });
  });

  it("the event detail's changes agree with the history's, for a late delivery and a page-boundary entry", async () => {
    const expected = await unpagedChanges(id);
    for (const n of [21, 50, 70, 101]) {
      const eventId = idOf.get(n) ?? 0;
      expect(await getEventChanges({ id: eventId, kind: "association", subjectId: id })).toEqual(expected.get(eventId));
    }
  });

  it.each([
    ["cursor=garbage", "cursor"],
    [`cursor=${encodeCursor("12")}`, "cursor"],
    [`cursor=${encodeCursor(0)}`, "cursor"],
    ["before=%00", "before"],
    [`before=${encodeCursor([1, "x"])}`, "before"],
    ["limit=0", "limit"],
    ["limit=101", "limit"],
    ["limit=2.5", "limit"],
    [`cursor=${encodeCursor(5)}&before=${encodeCursor(9)}`, "before"],
  ])("%s → 400 invalid_query naming %s", async (query, path) => {
    for (const target of [id, "65f000000000000000000000"]) {
      const res = await one(target, `?${query}`);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe("invalid_query");
      expect(res.body.error.details.map((d: Json) => d.path)).toContain(path);
    }
  });

  it("an unknown id with valid paging is still 404", async () => {
    const res = await one("65f000000000000000000000", `?limit=5&cursor=${encodeCursor(all[0])}`);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("not_found");
  });
});

describe("history diffs in the hard cases of the read-back", () => {
  beforeAll(clearDatabase);

  it("many events at one time (more than one read-back takes) diff like the unpaged replay at every page size", async () => {
    const id = "67b0c0ffee0000000000a020";
    // 40 events at two times; types mixed so rank, not id, orders each group.
    const types = ["AssociationUpdate", "AssociationCreate", "AssociationDelete"];
    await deliverAll(
      id,
      Array.from({ length: 40 }, (_, n) => ({ type: types[n % 3] ?? "AssociationUpdate", n, at: T(n < 25 ? 1 : 2) })),
    );
    const expected = await unpagedChanges(id);
    for (const limit of [1, 3, 16, 17]) {
      const entries = (await walkOlder(id, limit)).flatMap((p) => p.history);
      expect(entries).toHaveLength(40);
      for (const entry of entries) expect(entry.changes).toEqual(expected.get(entry.eventId));
    }
  });

  it("a field no event carries (only Creates) stays null on every page: the read-back reaches the oldest event", async () => {
    const id = "67b0c0ffee0000000000a030";
    await deliverAll(
      id,
      Array.from({ length: 30 }, (_, n) => ({ type: "AssociationCreate", n, at: T(n) })),
    );
    const expected = await unpagedChanges(id);
    const entries = (await walkOlder(id, 4)).flatMap((p) => p.history);
    expect(entries).toHaveLength(30);
    for (const entry of entries) expect(entry.changes).toEqual(expected.get(entry.eventId));
    // The oldest entry on the second page still sees the label of the event before it.
    expect(entries[7].changes).toContainEqual({ field: "firstObjectLabel", from: label(21), to: label(22) });
  });

  it("every other delivery late by 60 positions (pages interleave in time) diffs like the unpaged replay", async () => {
    const id = "67b0c0ffee0000000000a040";
    const at = (n: number) => (n > 60 && n % 2 ? T(n - 61) + 30_000 : T(n));
    await deliverAll(
      id,
      Array.from({ length: 100 }, (_, n) => ({ type: n === 0 ? "AssociationCreate" : "AssociationUpdate", n, at: at(n) })),
    );
    const expected = await unpagedChanges(id);
    for (const limit of [10, 25]) {
      const entries = (await walkOlder(id, limit)).flatMap((p) => p.history);
      expect(entries).toHaveLength(100);
      for (const entry of entries) expect(entry.changes).toEqual(expected.get(entry.eventId));
    }
  });
});

describe("history bodies on the page", () => {
  it("inlines bodies up to 64 KiB and leaves larger ones to the event's page", async () => {
    await clearDatabase();
    const id = "65f0000000000000000000bb";
    await deliverOk(envelopeBody("AssociationCreate", { ...definition(id, 0), note: "small" }, T(0)));
    await deliverOk(
      envelopeBody(
        "AssociationUpdate",
        {
          ...definition(id, 1),
          firstObjectToSecondObjectCardinality: "ONE_TO_ONE",
          secondObjectToFirstObjectCardinality: "ONE_TO_ONE",
          padding: "p".repeat(inlineBodyBytes),
        },
        T(1),
      ),
    );
    await settleProjection();
    const page = await listAssociationHistory(id, associationHistorySchema.parse({}), { rawBodies: true });
    const [large, small] = page.data;
    expect(large?.rawBody).toBeUndefined();
    expect(large?.bodySize).toBeGreaterThan(inlineBodyBytes);
    expect(large?.changes.length).toBeGreaterThan(0); // its diff is still computed from the whole body
    expect(small?.rawBody).toContain('"note":"small"');
  });
});
