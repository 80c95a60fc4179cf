// Search inside bodies: GET /api/events?q= (text, or path=value for one JSON field)
// and its CSV export, through the real route handlers, on whichever database
// DATABASE_URL names. The index is derived: kept by the projector, rebuilt by
// reproject, pruned with its events.
import { beforeAll, describe, expect, it } from "vitest";
import { GET as eventsRoute } from "@/app/api/events/route";
import { GET as eventsCsv } from "@/app/api/export/events.csv/route";
import { databaseKind, withWriteLock, writeDb } from "@/lib/db";
import { parseBodySearch, verbatimPart } from "@/lib/filters/body-search";
import { rebuildFromLog } from "@/lib/projector/rebuild";
import { matchingEventIds } from "@/lib/queries/event-search";
import { pruneEventsBefore } from "@/lib/queries/retention";
import { deliverAt } from "./helpers/backdated";
import { download } from "./helpers/csv";
import { clearDatabase } from "./helpers/db";
import { get, type Json } from "./helpers/http";
import { deliverOk, envelopeBody } from "./helpers/seed";

const T = Date.parse("2026-03-01T00:00:00.000Z");
const ids: Record<string, number> = {};

async function send(name: string, fields: Record<string, unknown>, minute: number) {
  const res = await deliverOk(envelopeBody("ContactCreate", { id: `c-${name}`, ...fields }, T + minute * 60_000));
  expect(res.status).toBe("stored");
  ids[name] = res.eventId as number;
}

const list = async (query: string) => get(eventsRoute, `/api/events?${query}`);
const found = async (query: string) => {
  const res = await list(query);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body.data as Json[]).map((e) => e.id as number);
};
const q = (text: string) => `q=${encodeURIComponent(text)}`;

beforeAll(async () => {
  await clearDatabase();
  await send("buyer", { locationId: "loc-a", firstObjectLabel: "Buyer", note: "alpha-uniq" }, 1);
  await send("buyer2", { locationId: "loc-a", firstObjectLabel: "Buyer2" }, 2);
  await send("superBuyer", { locationId: "loc-b", firstObjectLabel: "Super Buyer" }, 3);
  await send("kaeufer", { locationId: "loc-b", firstObjectLabel: "Käufer 物件番号" }, 4);
  await send("nested", { locationId: "loc-b", meta: { tags: ["red", "blue"], n: 7, flag: true, deep: { name: "Ørsted" } } }, 5);
  await send("percent", { locationId: "loc-b", note: "50%_off" }, 6);
  await send("lookalike", { locationId: "loc-b", note: "50xxoff" }, 7);
  for (let n = 0; n < 7; n++) await send(`page${n}`, { locationId: n % 2 ? "loc-a" : "loc-b", note: `pagingterm-${n}` }, 10 + n);
});

describe("q: text in bodies", () => {
  it("finds a substring anywhere in the body, ignoring ASCII case", async () => {
    expect(await found(q("alpha-uniq"))).toEqual([ids.buyer]);
    expect(await found(q("ALPHA-UNI"))).toEqual([ids.buyer]);
    expect(await found(q("pha-u"))).toEqual([ids.buyer]);
  });

  it("finds non-ASCII text as stored", async () => {
    expect(await found(q("物件番"))).toEqual([ids.kaeufer]);
    expect(await found(q("Käuf"))).toEqual([ids.kaeufer]);
    expect(await found(q("Ørsted"))).toEqual([ids.nested]);
  });

  it("takes % and _ literally", async () => {
    expect(await found(q("50%_off"))).toEqual([ids.percent]);
    expect(await found(q("0%_o"))).toEqual([ids.percent]);
  });

  it("finds nothing for text no body holds", async () => {
    expect(await found(q("no-such-text-anywhere"))).toEqual([]);
  });

  it("combines with the other filters", async () => {
    expect(await found(`${q("Buyer")}`)).toEqual([ids.superBuyer, ids.buyer2, ids.buyer]);
    expect(await found(`${q("Buyer")}&locationId=loc-a`)).toEqual([ids.buyer2, ids.buyer]);
    expect(await found(`${q("pagingterm")}&locationId=loc-a`)).toEqual([ids.page5, ids.page3, ids.page1]);
    expect(await found(`${q("Buyer")}&type=AssociationCreate`)).toEqual([]);
  });

  it("pages by keyset both ways, newest first", async () => {
    const all = [6, 5, 4, 3, 2, 1, 0].map((n) => ids[`page${n}`]);
    const first = await list(`${q("pagingterm")}&limit=3`);
    expect(first.body.data.map((e: Json) => e.id)).toEqual(all.slice(0, 3));
    expect(first.body.prevCursor).toBeNull();
    const second = await list(`${q("pagingterm")}&limit=3&cursor=${first.body.nextCursor}`);
    expect(second.body.data.map((e: Json) => e.id)).toEqual(all.slice(3, 6));
    const third = await list(`${q("pagingterm")}&limit=3&cursor=${second.body.nextCursor}`);
    expect(third.body.data.map((e: Json) => e.id)).toEqual(all.slice(6));
    expect(third.body.nextCursor).toBeNull();
    const back = await list(`${q("pagingterm")}&limit=3&before=${third.body.prevCursor}`);
    expect(back.body.data.map((e: Json) => e.id)).toEqual(all.slice(3, 6));
    const backAgain = await list(`${q("pagingterm")}&limit=3&before=${back.body.prevCursor}`);
    expect(backAgain.body.data.map((e: Json) => e.id)).toEqual(all.slice(0, 3));
    expect(backAgain.body.prevCursor).toBeNull();
    // A selective other filter over a common term walks several candidate batches.
    const paged = await list(`${q("pagingterm")}&locationId=loc-a&limit=2`);
    expect(paged.body.data.map((e: Json) => e.id)).toEqual([ids.page5, ids.page3]);
    const rest = await list(`${q("pagingterm")}&locationId=loc-a&limit=2&cursor=${paged.body.nextCursor}`);
    expect(rest.body.data.map((e: Json) => e.id)).toEqual([ids.page1]);
  });

  it("refuses terms under 3 characters with a 400 naming q", async () => {
    for (const short of ["ab", "物件", "x"]) {
      const res = await list(q(short));
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body.error)).toMatch(/at least 3 characters/);
    }
  });
});

describe("q: path=value", () => {
  it("matches a top-level field exactly, not as a substring", async () => {
    expect(await found(q("firstObjectLabel=Buyer"))).toEqual([ids.buyer]);
    expect(await found(q("$.firstObjectLabel=Buyer2"))).toEqual([ids.buyer2]);
    expect(await found(q("firstObjectLabel=Buy"))).toEqual([]);
    expect(await found(q("firstObjectLabel=Käufer 物件番号"))).toEqual([ids.kaeufer]);
  });

  it("reaches nested fields and array items; numbers and booleans as written", async () => {
    expect(await found(q("$.meta.tags[1]=blue"))).toEqual([ids.nested]);
    expect(await found(q("meta.tags[0]=blue"))).toEqual([]);
    expect(await found(q("meta.deep.name=Ørsted"))).toEqual([ids.nested]);
    expect(await found(q("$.meta.n=7"))).toEqual([ids.nested]);
    expect(await found(q("$.meta.flag=true"))).toEqual([ids.nested]);
    expect(await found(q("$.meta.deep=x"))).toEqual([]);
  });

  it("combines with the other filters", async () => {
    expect(await found(`${q("locationId=loc-a")}&type=ContactCreate`)).toEqual([ids.page5, ids.page3, ids.page1, ids.buyer2, ids.buyer]);
    expect(await found(`${q("firstObjectLabel=Super Buyer")}&locationId=loc-b`)).toEqual([ids.superBuyer]);
    expect(await found(`${q("firstObjectLabel=Super Buyer")}&locationId=loc-a`)).toEqual([]);
  });

  it("answers 400 for a path it cannot read", async () => {
    for (const bad of ["$.a..b=x", "=x", "a[x]=1", "$=1", "a.=1", "$.a[-1]=2"]) {
      const res = await list(q(bad));
      expect(res.status, bad).toBe(400);
      expect(res.body.error.details.map((d: Json) => d.path)).toContain("q");
    }
  });

  it("reads a q with non-path text before = as text", () => {
    expect(parseBodySearch('"note": "a=b"')).toEqual({ kind: "text", term: '"note": "a=b"' });
    expect(parseBodySearch("a.b[2]=c")).toEqual({ kind: "path", path: ["a", "b", 2], value: "c" });
    expect(verbatimPart("Käufer 物件")).toBe("ufer ");
    expect(verbatimPart("物件番号")).toBeNull();
    expect(verbatimPart('say "hello world"')).toBe("hello world");
  });
});

describe("the search index", () => {
  it("is exported with the same q", async () => {
    const res = await download(eventsCsv, `/api/export/events.csv?${q("Buyer")}&locationId=loc-a`);
    expect(res.status).toBe(200);
    expect(res.rows.map((r) => Number(r.eventId))).toEqual([ids.buyer2, ids.buyer]);
  });

  it("is rebuilt by reprojection: stale entries go, every event is found again", async () => {
    // Damage the index: the buyer event's entry now holds other text.
    const writer = await writeDb();
    const id = ids.buyer as number;
    await withWriteLock(() =>
      databaseKind() === "sqlite"
        ? writer.$executeRaw`INSERT OR REPLACE INTO "EventSearch" (rowid, "body") VALUES (${id}, 'ghostly-entry')`
        : writer.$executeRaw`UPDATE "EventSearch" SET "body" = 'ghostly-entry' WHERE "eventId" = ${id}`,
    );
    expect(await matchingEventIds({ kind: "text", term: "ghostly" }, { desc: true }, 10)).toEqual([id]);
    await rebuildFromLog();
    expect(await matchingEventIds({ kind: "text", term: "ghostly" }, { desc: true }, 10)).toEqual([]);
    expect(await found(q("alpha-uniq"))).toEqual([id]);
    expect(await matchingEventIds({ kind: "text", term: "pagingterm" }, { desc: true }, 100)).toHaveLength(7);
  });

  it("loses the entries of events that retention deletes", async () => {
    const old = await deliverAt({ type: "ContactCreate", id: "c-old", locationId: "loc-r", note: "retired-term" }, new Date(Date.now() - 40 * 86_400_000));
    expect(await matchingEventIds({ kind: "text", term: "retired-term" }, { desc: true }, 10)).toEqual([old.eventId]);
    const kept = await found(q("pagingterm"));
    expect(await pruneEventsBefore(new Date(Date.now() - 30 * 86_400_000))).toBeGreaterThan(0);
    // The index itself, not just the join with Event: no entry is left behind.
    expect(await matchingEventIds({ kind: "text", term: "retired-term" }, { desc: true }, 10)).toEqual([]);
    expect(await found(q("pagingterm"))).toEqual(kept);
  });
});
