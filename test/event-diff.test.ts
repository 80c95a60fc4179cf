// GET /api/events/diff?a&b: two stored deliveries side by side, the fields that
// differ (A → B), the unified line diff of their bodies, and the 400/404 answers.
import { beforeAll, describe, expect, it } from "vitest";
import { GET as diffRoute } from "@/app/api/events/diff/route";
import { clearDatabase } from "./helpers/db";
import { deliver, eventBody, get, type Json } from "./helpers/http";

const diff = (query: string) => get(diffRoute, `/api/events/diff${query}`);
const LOC = "loc-diff";

async function stored(type: string, fields: Record<string, unknown>): Promise<number> {
  const res = await deliver(eventBody({ type, ...fields }), { settle: false });
  if (res.status !== 200 || res.body.status !== "stored") throw new Error(JSON.stringify(res.body));
  return res.body.eventId as number;
}

const definition = {
  id: "diff-assoc",
  key: "buyer_home",
  associationType: "USER_DEFINED",
  firstObjectKey: "contact",
  firstObjectLabel: "Buyer",
  secondObjectKey: "custom_objects.home",
  secondObjectLabel: "Home",
  locationId: LOC,
};
const relation = {
  id: "diff-rel",
  associationId: "diff-assoc",
  firstObjectKey: "contact",
  firstRecordId: "c1",
  secondObjectKey: "custom_objects.home",
  secondRecordId: "h1",
  locationId: LOC,
};

describe("GET /api/events/diff", () => {
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    await clearDatabase();
    ids.create = await stored("AssociationCreate", { ...definition, webhookId: "wh-diff-1", timestamp: "2026-04-01T10:00:00.000Z" });
    ids.update = await stored("AssociationUpdate", {
      ...definition,
      firstObjectLabel: "Owner",
      firstObjectToSecondObjectCardinality: "ONE_TO_ONE",
      secondObjectToFirstObjectCardinality: "ONE_TO_MANY",
      webhookId: "wh-diff-2",
      timestamp: "2026-04-01T11:00:00.000Z",
    });
    ids.relCreate = await stored("RelationCreate", { ...relation, webhookId: "wh-diff-3" });
    ids.relDelete = await stored("RelationDelete", { ...relation, secondRecordId: "h2", webhookId: "wh-diff-4" });
    ids.contact = await stored("ContactCreate", { id: "contact-1", locationId: LOC, tags: ["a", "b"], webhookId: "wh-diff-5" });
    // Over the 256 KiB cap: compared by field, not line by line.
    ids.big = await stored("AssociationUpdate", {
      ...definition,
      firstObjectLabel: "Big",
      firstObjectToSecondObjectCardinality: "ONE_TO_ONE",
      secondObjectToFirstObjectCardinality: "ONE_TO_MANY",
      padding: "p".repeat(300_000),
      webhookId: "wh-diff-6",
    });
  });

  it("gives both events, the association fields that changed and the body's line diff", async () => {
    const res = await diff(`?a=${ids.create}&b=${ids.update}`);
    expect(res.status).toBe(200);
    const d = res.body.data;
    expect(d.a).toMatchObject({
      id: ids.create,
      type: "AssociationCreate",
      kind: "association",
      subjectId: "diff-assoc",
      webhookId: "wh-diff-1",
      eventTimestamp: "2026-04-01T10:00:00.000Z",
      verification: "ed25519",
      locationName: null,
      reconcileRunId: null,
    });
    expect(d.b).toMatchObject({ id: ids.update, type: "AssociationUpdate", webhookId: "wh-diff-2" });
    expect(d.a.rawBody).toBeUndefined(); // the bodies are compared, not returned
    expect(d.fields).toBe("association");
    expect(d.changes).toEqual([
      { field: "firstObjectLabel", from: "Buyer", to: "Owner" },
      { field: "firstObjectToSecondObjectCardinality", from: null, to: "ONE_TO_ONE" },
      { field: "secondObjectToFirstObjectCardinality", from: null, to: "ONE_TO_MANY" },
    ]);
    expect(d.raw).toEqual({
      status: "compared",
      hunks: [
        {
          oldStart: 1,
          oldLines: 13,
          newStart: 1,
          newLines: 15,
          lines: [
            " {",
            '-  "type": "AssociationCreate",',
            '+  "type": "AssociationUpdate",',
            '   "id": "diff-assoc",',
            '   "key": "buyer_home",',
            '   "associationType": "USER_DEFINED",',
            '   "firstObjectKey": "contact",',
            '-  "firstObjectLabel": "Buyer",',
            '+  "firstObjectLabel": "Owner",',
            '   "secondObjectKey": "custom_objects.home",',
            '   "secondObjectLabel": "Home",',
            '   "locationId": "loc-diff",',
            '-  "webhookId": "wh-diff-1",',
            '-  "timestamp": "2026-04-01T10:00:00.000Z"',
            '+  "firstObjectToSecondObjectCardinality": "ONE_TO_ONE",',
            '+  "secondObjectToFirstObjectCardinality": "ONE_TO_MANY",',
            '+  "webhookId": "wh-diff-2",',
            '+  "timestamp": "2026-04-01T11:00:00.000Z"',
            " }",
          ],
        },
      ],
    });
  });

  it("swapping a and b swaps the sides", async () => {
    const d = (await diff(`?a=${ids.update}&b=${ids.create}`)).body.data;
    expect(d.changes[0]).toEqual({ field: "firstObjectLabel", from: "Owner", to: "Buyer" });
    expect(d.raw.hunks[0].lines[1]).toBe('-  "type": "AssociationUpdate",');
  });

  it("compares relation fields for two relation events", async () => {
    const d = (await diff(`?a=${ids.relCreate}&b=${ids.relDelete}`)).body.data;
    expect(d.fields).toBe("relation");
    expect(d.changes).toEqual([{ field: "secondRecordId", from: "h1", to: "h2" }]);
  });

  it("compares every top-level field across kinds, non-text values as JSON", async () => {
    const d = (await diff(`?a=${ids.relCreate}&b=${ids.contact}`)).body.data;
    expect(d.fields).toBe("body");
    expect(d.changes).toEqual([
      { field: "type", from: "RelationCreate", to: "ContactCreate" },
      { field: "id", from: "diff-rel", to: "contact-1" },
      { field: "associationId", from: "diff-assoc", to: null },
      { field: "firstObjectKey", from: "contact", to: null },
      { field: "firstRecordId", from: "c1", to: null },
      { field: "secondObjectKey", from: "custom_objects.home", to: null },
      { field: "secondRecordId", from: "h1", to: null },
      { field: "webhookId", from: "wh-diff-3", to: "wh-diff-5" },
      { field: "tags", from: null, to: '["a","b"]' },
    ]);
  });

  it("says identical for an event against itself", async () => {
    const d = (await diff(`?a=${ids.update}&b=${ids.update}`)).body.data;
    expect(d).toMatchObject({ changes: [], raw: { status: "identical" } });
    expect(d.a).toEqual(d.b);
  });

  it("compares a body over 256 KiB by its fields only, saying why there is no line diff", async () => {
    const res = await diff(`?a=${ids.update}&b=${ids.big}`);
    expect(res.status).toBe(200);
    expect(res.body.data.b.bodySize).toBeGreaterThan(262_144);
    expect(res.body.data.raw).toEqual({ status: "too_large", limitBytes: 262_144 });
    expect(res.body.data.changes).toEqual([{ field: "firstObjectLabel", from: "Owner", to: "Big" }]);
  });

  it("answers 404 naming the events that are not stored", async () => {
    const one = await diff(`?a=${ids.create}&b=2000000000`);
    expect(one.status).toBe(404);
    expect(one.body.error).toEqual({ code: "not_found", message: "Event #2000000000 not found", details: { missing: [2_000_000_000] } });
    const both = await diff(`?a=1999999998&b=1999999999`);
    expect(both.body.error.details).toEqual({ missing: [1_999_999_998, 1_999_999_999] });
  });

  it.each([
    ["", ["a", "b"]],
    ["?a=1", ["b"]],
    ["?a=abc&b=1", ["a"]],
    ["?a=1&b=0", ["b"]],
    ["?a=-1&b=1", ["a"]],
    ["?a=1.5&b=1", ["a"]],
    ["?a=1&b=99999999999", ["b"]],
  ])("refuses %s with a 400 naming %j", async (query, paths) => {
    const res = await diff(query);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("invalid_query");
    expect(res.body.error.details.map((d: Json) => d.path).sort()).toEqual(paths);
  });
});
