// The rejected log under a junk flood: exact per-cause totals that survive row
// eviction, and a flood of one cause kept as its first rows plus the latest.
import { beforeEach, describe, expect, test } from "vitest";
import { GET as rejectedApi } from "@/app/api/rejected/route";
import { keptPerBurst } from "@/lib/queries/rejected";
import { clearDatabase } from "./helpers/db";
import { deliver, get, type Json } from "./helpers/http";
import { useEnv } from "./helpers/rejections";
import { rejected } from "./helpers/state";

beforeEach(clearDatabase);
const setEnv = useEnv();

const junk = (i: number) => deliver(`not json ${i}`, { settle: false });
const notObject = (i: number) => deliver(`[${i}]`, { settle: false });

describe("GET /api/rejected totals", () => {
  test("count every refusal per cause, also those whose rows were evicted", async () => {
    setEnv({ REJECTED_MAX_ROWS: "5" });
    for (let i = 0; i < 8; i++) expect((await junk(i)).status).toBe(400);
    for (let i = 0; i < 4; i++) expect((await notObject(i)).status).toBe(400);
    const res = await get(rejectedApi, "/api/rejected?limit=100");
    expect(res.status).toBe(200);
    expect(res.body.data).toHaveLength(5);
    expect(res.body.totals).toEqual({ invalid_json: 8, not_object: 4 });
  });

  test("are empty before anything was refused", async () => {
    expect((await get(rejectedApi, "/api/rejected")).body.totals).toEqual({});
  });
});

describe("a flood of one cause", () => {
  test(`keeps its first ${keptPerBurst} rows and one latest row standing for the rest; totals stay exact`, async () => {
    const n = keptPerBurst + 40;
    const answers = await Promise.all(Array.from({ length: n }, (_, i) => junk(i)));
    expect(answers.every((a) => a.status === 400)).toBe(true);
    const rows = await rejected();
    expect(rows).toHaveLength(keptPerBurst + 1);
    const [latest, ...first] = rows;
    expect(latest?.repeats).toBe(n - keptPerBurst - 1);
    expect(first.every((r) => r.repeats === 0)).toBe(true);
    // The latest row holds the last refusal of the flood.
    expect(latest?.bodyPrefix).toBe(`not json ${n - 1}`);
    expect((await get(rejectedApi, "/api/rejected")).body.totals).toEqual({ invalid_json: n });
  });

  test("the latest row moves to the top as the flood goes on, and other causes keep their own rows", async () => {
    for (let i = 0; i < keptPerBurst + 3; i++) await junk(i);
    await notObject(1);
    await junk(99);
    const rows = (await rejected()) as Json[];
    expect(rows.slice(0, 2).map((r) => [r.cause, r.repeats, r.bodyPrefix])).toEqual([
      ["invalid_json", 3, "not json 99"],
      ["not_object", 0, "[1]"],
    ]);
    expect(rows.filter((r) => r.cause === "invalid_json")).toHaveLength(keptPerBurst + 1);
  });
});
