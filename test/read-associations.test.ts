// GET /api/associations and /api/associations/{id} through the real route handlers,
// over data delivered through the real (signed) webhook route.
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GET as listRoute } from "@/app/api/associations/route";
import { GET as oneRoute } from "@/app/api/associations/[id]/route";
import { associationList } from "@/lib/filters/associations";
import { sortKeysOf } from "@/lib/filters/list";
import { encodeCursor } from "@/lib/filters/common";
import { clearDatabase } from "./helpers/db";
import { get, type Json } from "./helpers/http";
import { deliverAssociation, deliverOk, envelopeBody, iso, seedAssociations, seedBase, seedHour, type AssociationSpec } from "./helpers/seed";

const rowFields = [
  "id",
  "key",
  "associationType",
  "firstObjectKey",
  "firstObjectLabel",
  "secondObjectKey",
  "secondObjectLabel",
  "firstObjectToSecondObjectCardinality",
  "secondObjectToFirstObjectCardinality",
  "locationId",
  "status",
  "eventCount",
  "firstSeenAt",
  "lastEventAt",
  "deletedAt",
  "locationName",
];

const list = (query = "") => get(listRoute, `/api/associations${query}`);
const one = (id: string) => get(oneRoute, `/api/associations/${encodeURIComponent(id)}`, { params: Promise.resolve({ id }) });
const ids = (rows: { id: string }[]) => rows.map((r) => r.id);
const sorted = (values: string[]) => [...values].sort();

/** Every row of a query, following nextCursor page by page. */
async function walk(query: string, limit: number, between?: () => Promise<void>): Promise<Json[]> {
  const rows: Json[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 100; page++) {
    const res = await list(`?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`);
    expect(res.status).toBe(200);
    expect(res.body.data.length).toBeLessThanOrEqual(limit);
    rows.push(...res.body.data);
    cursor = res.body.nextCursor;
    if (!cursor) return rows;
    await between?.();
  }
  throw new Error("paging did not end");
}

/** The order the API promises: the sort value (nulls last either way), then id, both in the sort direction. */
function expectedOrder(rows: Json[], key: string, desc: boolean): string[] {
  const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
  return [...rows]
    .sort((a, b) => {
      const va = a[key],
        vb = b[key];
      if (key !== "id" && (va === null) !== (vb === null)) return va === null ? 1 : -1;
      const byValue = key === "id" || va === null ? 0 : cmp(va, vb);
      return (desc ? -1 : 1) * (byValue || cmp(a.id, b.id));
    })
    .map((r) => r.id);
}

describe("GET /api/associations over a seeded data set", () => {
  let specs: AssociationSpec[];
  const expectIds = (rows: Json[], pick: (s: AssociationSpec) => boolean) => {
    const want = specs.filter(pick).map((s) => s.id);
    expect(want.length).toBeGreaterThan(0);
    expect(sorted(ids(rows))).toEqual(sorted(want));
  };

  beforeAll(async () => {
    await clearDatabase();
    specs = await seedAssociations(14);
  });

  it("answers {data, nextCursor, prevCursor} with rows in HighLevel's field names plus lifecycle fields", async () => {
    const res = await list("?limit=500");
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(["data", "nextCursor", "prevCursor"]);
    expect(res.body.nextCursor).toBeNull();
    expect(res.body.prevCursor).toBeNull();
    expect(res.body.data).toHaveLength(specs.length);
    for (const row of res.body.data) {
      expect(Object.keys(row).sort()).toEqual([...rowFields].sort());
      const { firstSeenAt, locationName, ...rest } = row;
      expect(rest).toEqual(specs.find((s) => s.id === row.id));
      expect(locationName).toBeNull(); // no location is named in this data set
      expect(new Date(firstSeenAt).toISOString()).toBe(firstSeenAt);
    }
  });

  it("defaults to the newest lastEventAt first and a next cursor when more rows exist", async () => {
    const res = await list("?limit=4");
    expect(ids(res.body.data)).toEqual(expectedOrder(specs, "lastEventAt", true).slice(0, 4));
    expect(typeof res.body.nextCursor).toBe("string");
  });

  it("filters by locationId, associationType, status and objectKey (either side)", async () => {
    expectIds((await list("?limit=500&locationId=location-b")).body.data, (s) => s.locationId === "location-b");
    expectIds((await list("?limit=500&associationType=SYSTEM_DEFINED")).body.data, (s) => s.associationType === "SYSTEM_DEFINED");
    expectIds((await list("?limit=500&associationType=SYSTEM_DEFINED,USER_DEFINED")).body.data, () => true);
    expectIds((await list("?limit=500&status=deleted")).body.data, (s) => s.status === "deleted");
    expectIds((await list("?limit=500&status=active")).body.data, (s) => s.status === "active");
    const contact = (s: AssociationSpec) => s.firstObjectKey === "contact" || s.secondObjectKey === "contact";
    expect(specs.some((s) => s.firstObjectKey === "contact") && specs.some((s) => s.secondObjectKey === "contact")).toBe(true);
    expectIds((await list("?limit=500&objectKey=contact")).body.data, contact);
    expect((await list("?limit=500&locationId=nowhere")).body.data).toEqual([]);
  });

  it("q searches key and both labels, ignoring ASCII case, and not object keys", async () => {
    const has = (s: AssociationSpec, q: string) => [s.key, s.firstObjectLabel, s.secondObjectLabel].some((v) => v.toLowerCase().includes(q.toLowerCase()));
    for (const q of ["BUYER", "buyer", "pRoPeRtY", "assoc_c", "ease"]) {
      expectIds((await list(`?limit=500&q=${encodeURIComponent(q)}`)).body.data, (s) => has(s, q));
    }
    // "custom_objects" only occurs in object keys.
    expect((await list("?limit=500&q=custom_objects")).body.data).toEqual([]);
    expect((await list("?limit=500&q=%20%20")).body.data).toHaveLength(specs.length); // blank q: no filter
  });

  it("from/to bound lastEventAt (inclusive), as date-times or whole days", async () => {
    const from = iso(seedBase + 3 * seedHour);
    const to = iso(seedBase + 8 * seedHour);
    const inRange = (s: AssociationSpec) => s.lastEventAt >= from && s.lastEventAt <= to;
    expectIds((await list(`?limit=500&from=${from}&to=${to}`)).body.data, inRange);
    expectIds((await list(`?limit=500&from=${from}`)).body.data, (s) => s.lastEventAt >= from);
    expectIds((await list(`?limit=500&to=${to}`)).body.data, (s) => s.lastEventAt <= to);
    expectIds((await list("?limit=500&from=2026-01-10&to=2026-01-10")).body.data, () => true);
    expect((await list("?limit=500&to=2026-01-09")).body.data).toEqual([]);
  });

  it("combines filters with AND", async () => {
    const from = iso(seedBase + 2 * seedHour);
    const res = await list(`?limit=500&locationId=location-a&status=active&objectKey=contact&q=buyer&from=${from}`);
    const has = (s: AssociationSpec) => [s.key, s.firstObjectLabel, s.secondObjectLabel].some((v) => v.toLowerCase().includes("buyer"));
    const want = specs.filter(
      (s) =>
        s.locationId === "location-a" &&
        s.status === "active" &&
        (s.firstObjectKey === "contact" || s.secondObjectKey === "contact") &&
        has(s) &&
        s.lastEventAt >= from,
    );
    expect(want.length).toBeGreaterThan(0);
    expect(sorted(ids(res.body.data))).toEqual(sorted(want.map((s) => s.id)));
  });

  it.each(sortKeysOf(associationList).flatMap((key) => [[key, false] as const, [key, true] as const]))(
    "sort=%s (desc: %s) orders rows, nulls last, ties by id",
    async (key, desc) => {
      const res = await list(`?limit=500&sort=${desc ? "-" : ""}${key}`);
      expect(res.status).toBe(200);
      expect(res.body.data).toHaveLength(specs.length);
      expect(ids(res.body.data)).toEqual(expectedOrder(res.body.data, key, desc));
      // The sort is really applied: every order but the default differs from the default.
      if (key !== "lastEventAt" || !desc) expect(ids(res.body.data)).not.toEqual(expectedOrder(specs, "lastEventAt", true));
    },
  );

  it("sorting is not vacuous: nullable cardinalities hold both nulls and values", () => {
    expect(specs.filter((s) => s.firstObjectToSecondObjectCardinality === null).length).toBeGreaterThan(1);
    expect(specs.filter((s) => s.firstObjectToSecondObjectCardinality !== null).length).toBeGreaterThan(1);
    expect(new Set(specs.map((s) => s.eventCount)).size).toBeGreaterThan(2);
  });

  it.each([
    "-lastEventAt",
    "lastEventAt",
    "key",
    "-firstObjectLabel",
    "firstObjectToSecondObjectCardinality",
    "-secondObjectToFirstObjectCardinality",
    "-deletedAt",
    "deletedAt",
    "eventCount",
    "-associationType",
    "firstSeenAt",
    "-id",
  ])("limit=3 pages with sort=%s walk every row exactly once, in order", async (sort) => {
    const all = (await list(`?limit=500&sort=${sort}`)).body.data;
    expect(ids(await walk(`sort=${sort}`, 3))).toEqual(ids(all));
  });

  it("paging keeps the filters", async () => {
    const all = (await list("?limit=500&status=active&sort=key")).body.data;
    expect(all.length).toBeGreaterThan(3);
    expect(ids(await walk("status=active&sort=key", 2))).toEqual(ids(all));
  });

  it.each([
    ["sort=bogus", "sort"],
    ["sort=-", "sort"],
    ["limit=0", "limit"],
    ["limit=1000", "limit"],
    ["limit=abc", "limit"],
    ["limit=2.5", "limit"],
    ["status=nope", "status"],
    ["associationType=user_defined", "associationType"],
    ["from=notadate", "from"],
    ["to=2026-13-45", "to"],
    ["cursor=garbage", "cursor"],
    [`cursor=${encodeCursor({ not: "a tuple" })}`, "cursor"],
    ["from=2026-02-01&to=2026-01-01", "from"],
    [`q=${"x".repeat(201)}`, "q"],
  ])("%s → 400 invalid_query naming %s", async (query, path) => {
    const res = await list(`?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("invalid_query");
    expect(typeof res.body.error.message).toBe("string");
    expect(res.body.error.details.length).toBeGreaterThan(0);
    for (const d of res.body.error.details) expect(typeof d.message).toBe("string");
    expect(res.body.error.details.map((d: Json) => d.path)).toContain(path);
  });

  it.each([
    ["a number for a text column", "sort=key", [3, "65f0"]],
    ["text for a number column", "sort=eventCount", ["three", "65f0"]],
    ["text for a date column", "sort=-lastEventAt", ["yesterday", "65f0"]],
    ["null for a non-null column", "sort=key", [null, "65f0"]],
  ])("a cursor with %s is refused with 400, not 500", async (_what, sort, value) => {
    const res = await list(`?${sort}&cursor=${encodeCursor(value)}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("invalid_query");
    expect(res.body.error.details.map((d: Json) => d.path)).toContain("cursor");
  });
});

describe("paging while associations arrive", () => {
  beforeEach(clearDatabase);

  it.each(["-lastEventAt", "key", "firstObjectToSecondObjectCardinality"])("sort=%s: rows that existed before the walk appear exactly once", async (sort) => {
    const specs = await seedAssociations(10);
    let n = 0;
    const insert = async () => {
      for (const [offset, key, cards] of [
        [-100, "assoc_a0", null],
        [100, "assoc_zz", "ONE_TO_ONE"],
        [0.5, `assoc_c${n}`, "MANY_TO_ONE"],
      ] as const) {
        n++;
        await deliverAssociation(
          {
            id: `66aa00000000000000000${String(n).padStart(3, "0")}`,
            key,
            associationType: "USER_DEFINED",
            firstObjectKey: "contact",
            firstObjectLabel: "Newcomer",
            secondObjectKey: "contact",
            secondObjectLabel: "Arrival",
            firstObjectToSecondObjectCardinality: cards,
            secondObjectToFirstObjectCardinality: cards,
            locationId: "location-a",
          },
          { at: seedBase + offset * seedHour, updates: cards ? 1 : 0 },
        );
      }
    };
    const walked = ids(await walk(`sort=${sort}`, 3, insert));
    expect(n).toBeGreaterThan(0);
    expect(new Set(walked).size).toBe(walked.length);
    for (const s of specs) expect(walked.filter((id) => id === s.id)).toHaveLength(1);
  });
});

describe("GET /api/associations/{id}", () => {
  beforeEach(clearDatabase);

  const def = {
    id: "67ade73d1119d2ac7ad0c475",
    associationType: "USER_DEFINED",
    firstObjectKey: "custom_objects.real_estate_buyer",
    firstObjectLabel: "Interested Buyer",
    secondObjectKey: "custom_objects.property",
    secondObjectLabel: "Property",
    key: "buyer_property_interest",
    locationId: "location-a",
  };
  const cards = { firstObjectToSecondObjectCardinality: "MANY_TO_MANY", secondObjectToFirstObjectCardinality: "ONE_TO_MANY" };

  it("returns the row with its history newest delivery first, each entry with what it changed in event order", async () => {
    const t = seedBase;
    // Arrival order differs from event order: the label change arrives first.
    const relabel = envelopeBody("AssociationUpdate", { ...def, ...cards, firstObjectLabel: "Keen Buyer" }, t + 2 * seedHour);
    await deliverOk(relabel);
    await deliverOk(relabel); // a retry: counted on the same history entry
    await deliverOk(envelopeBody("AssociationCreate", def, t));
    await deliverOk(envelopeBody("AssociationUpdate", { ...def, ...cards }, t + seedHour));

    const res = await one(def.id);
    expect(res.status).toBe(200);
    const { history, historyPage, ...row } = res.body.data;
    expect(Object.keys(row).sort()).toEqual([...rowFields].sort());
    expect(historyPage).toEqual({ nextCursor: null, prevCursor: null });
    expect(row).toMatchObject({ ...def, ...cards, firstObjectLabel: "Keen Buyer", status: "active", eventCount: 3, lastEventAt: iso(t + 2 * seedHour) });

    // Newest by id first: the Update, the Create, then the relabel that arrived first.
    expect(history.map((h: Json) => [h.type, h.occurredAt])).toEqual([
      ["AssociationUpdate", iso(t + seedHour)],
      ["AssociationCreate", iso(t)],
      ["AssociationUpdate", iso(t + 2 * seedHour)],
    ]);
    expect(history[0].eventId).toBeGreaterThan(history[1].eventId);
    expect(history[1].eventId).toBeGreaterThan(history[2].eventId);
    for (const h of history) {
      expect(h.verification).toBe("ed25519");
      expect(new Date(h.receivedAt).toISOString()).toBe(h.receivedAt);
    }
    expect(history.map((h: Json) => h.duplicateCount)).toEqual([0, 0, 1]);
    expect(history[1].changes).toEqual(
      ["key", "associationType", "firstObjectKey", "firstObjectLabel", "secondObjectKey", "secondObjectLabel", "locationId"].map((field) => ({
        field,
        from: null,
        to: (def as Record<string, string>)[field],
      })),
    );
    expect(history[0].changes).toEqual([
      { field: "firstObjectToSecondObjectCardinality", from: null, to: "MANY_TO_MANY" },
      { field: "secondObjectToFirstObjectCardinality", from: null, to: "ONE_TO_MANY" },
    ]);
    expect(history[2].changes).toEqual([{ field: "firstObjectLabel", from: "Interested Buyer", to: "Keen Buyer" }]);
  });

  it("a Delete shows in the history and the row", async () => {
    await deliverOk(envelopeBody("AssociationCreate", def, seedBase));
    await deliverOk(envelopeBody("AssociationDelete", { ...def, ...cards }, seedBase + seedHour));
    const res = await one(def.id);
    expect(res.body.data).toMatchObject({ status: "deleted", deletedAt: iso(seedBase + seedHour), eventCount: 2 });
    expect(res.body.data.history.map((h: Json) => h.type)).toEqual(["AssociationDelete", "AssociationCreate"]);
  });

  it.each([
    ["unknown", "65f000000000000000000000"],
    ["5000 characters", "a".repeat(5000)],
    ["odd characters", "../%00'\""],
  ])("an %s id → 404 not_found", async (_what, id) => {
    await deliverOk(envelopeBody("AssociationCreate", def, seedBase));
    const res = await one(id);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("not_found");
    expect(typeof res.body.error.message).toBe("string");
  });
});
