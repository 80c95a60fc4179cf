// Previous pages (`before`) mirror next pages (`cursor`): walking back from the
// last page visits the same pages in reverse, for nullable and non-null sorts.
import { beforeAll, describe, expect, it } from "vitest";
import { GET as listAssociationsRoute } from "@/app/api/associations/route";
import { GET as listEventsRoute } from "@/app/api/events/route";
import { clearDatabase } from "./helpers/db";
import { get, type Json } from "./helpers/http";
import { seedAssociations } from "./helpers/seed";

async function walkForward(base: string, route: typeof listAssociationsRoute) {
  const pages: { ids: string[]; prev: string | null; next: string | null }[] = [];
  let cursor: string | null = null;
  do {
    const res: Json = await get(route, `${base}${cursor ? `&cursor=${cursor}` : ""}`);
    expect(res.status).toBe(200);
    pages.push({ ids: res.body.data.map((r: Json) => String(r.id)), prev: res.body.prevCursor, next: res.body.nextCursor });
    cursor = res.body.nextCursor;
  } while (cursor);
  return pages;
}

describe("previous pages with before=", () => {
  beforeAll(async () => {
    await clearDatabase();
    await seedAssociations(14);
  });

  for (const sort of ["-lastEventAt", "key", "firstObjectToSecondObjectCardinality", "-deletedAt"]) {
    it(`walks back over the same pages for sort=${sort}`, async () => {
      const base = `/api/associations?limit=3&sort=${sort}`;
      const forward = await walkForward(base, listAssociationsRoute);
      expect(forward.length).toBeGreaterThan(2);
      expect(forward[0]?.prev).toBeNull();
      // From each page, "previous" must give exactly the page before it.
      for (let i = forward.length - 1; i > 0; i--) {
        const prev = forward[i]?.prev;
        expect(prev).toBeTruthy();
        const res = await get(listAssociationsRoute, `${base}&before=${prev}`);
        expect(res.status).toBe(200);
        expect(res.body.data.map((r: Json) => r.id)).toEqual(forward[i - 1]?.ids);
        expect(res.body.prevCursor === null).toBe(i - 1 === 0);
      }
    });
  }

  it("pages the events log backwards too", async () => {
    const base = "/api/events?limit=4";
    const forward = await walkForward(base, listEventsRoute);
    expect(forward.length).toBeGreaterThan(2);
    const last = forward.at(-1);
    const res = await get(listEventsRoute, `${base}&before=${last?.prev}`);
    expect(res.body.data.map((r: Json) => String(r.id))).toEqual(forward.at(-2)?.ids);
  });

  it("refuses cursor and before together", async () => {
    const first = await get(listAssociationsRoute, "/api/associations?limit=3");
    const res = await get(listAssociationsRoute, `/api/associations?limit=3&cursor=${first.body.nextCursor}&before=${first.body.nextCursor}`);
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toBe("before");
  });
});
