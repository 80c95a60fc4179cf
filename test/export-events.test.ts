// GET /api/export/events.csv through the real route handler (history: one row per
// stored delivery, newest first, HighLevel's fields read from each raw body), and
// what every export does when the database fails before or during the stream.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as eventsCsv } from "@/app/api/export/events.csv/route";
import { GET as associationsCsv } from "@/app/api/export/associations.csv/route";
import { GET as eventsApi } from "@/app/api/events/route";
import { GET as eventRoute } from "@/app/api/events/[id]/route";
import { db } from "@/lib/db";
import { eventBodyColumns, eventExportColumns, eventRecord, exportSettings } from "@/lib/queries/export";
import { csvCell, download, expectCsvHeaders, expectInvalid, today, walkApi } from "./helpers/csv";
import { HOSTILE, LOC, relationId, seedExportScenario } from "./helpers/export-seed";
import { get, type Json } from "./helpers/http";

let total = { associations: 0, relations: 0, events: 0 };
beforeAll(async () => {
  total = await seedExportScenario();
  exportSettings.batchSize = 3;
});
afterAll(() => {
  exportSettings.batchSize = 1000;
});
afterEach(() => {
  vi.restoreAllMocks();
});

const csv = (query: string) => download(eventsCsv, `/api/export/events.csv?${query}`);
/** A body value as the CSV must carry it: body fields are untrusted text, numbers included. */
const bodyCell = (v: unknown) => csvCell(v === undefined || v === null || typeof v === "string" ? v : JSON.stringify(v));

/** The export row an API event must become, its body fields read from GET /api/events/{id}. */
async function expectedRow(e: Json): Promise<Record<string, string>> {
  const { body } = await get(eventRoute, `/api/events/${e.id}`, { params: Promise.resolve({ id: String(e.id) }) });
  const raw = JSON.parse(body.data.rawBody) as Record<string, unknown>;
  const fromBody = Object.fromEntries(eventBodyColumns.map((c) => [c, bodyCell(raw[c])]));
  return {
    eventId: String(e.id),
    type: csvCell(e.type),
    receivedAt: e.receivedAt,
    eventTimestamp: csvCell(e.eventTimestamp),
    webhookId: csvCell(e.webhookId),
    verification: e.verification,
    duplicateCount: String(e.duplicateCount),
    ...fromBody,
    locationId: fromBody.locationId || csvCell(e.locationId),
    locationName: csvCell(e.locationName),
  };
}

describe("GET /api/export/events.csv", () => {
  it("every stored delivery, newest first, each cell as the API and the raw body say", async () => {
    const api = await walkApi(eventsApi, "/api/events", "");
    const res = await csv("");
    expectCsvHeaders(res, new RegExp(`^events-${today()}\\.csv$`));
    expect(res.header).toEqual([...eventExportColumns]);
    expect(res.rows).toEqual(await Promise.all(api.map(expectedRow)));
    const ids = res.rows.map((r) => Number(r.eventId));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(new Set(ids).size).toBe(total.events);
    expect(total.events).toBeGreaterThan(exportSettings.batchSize * 5);
    expect(res.chunks).toBe(1 + Math.ceil(total.events / exportSettings.batchSize));
  });

  it("reads raw bodies in runs of at most maxBatchBytes, still every row once and in order", async () => {
    const whole = await csv("");
    exportSettings.maxBatchBytes = 1;
    try {
      const oneByOne = await csv("");
      expect(oneByOne.rows).toEqual(whole.rows);
      expect(oneByOne.chunks).toBe(1 + total.events); // a body larger than the limit goes alone
    } finally {
      exportSettings.maxBatchBytes = 16 * 1024 * 1024;
    }
  });

  it.each([
    ["kind=relation"],
    ["type=AssociationCreate,RelationDelete"],
    ["locationId=location-a"],
    [`locationId=${LOC}&kind=association`],
    ["verification=ed25519&kind=other,unclassified"],
    [`subjectId=${relationId(3)}`],
    [`associationId=${HOSTILE}`],
    ["from=2026-01-01&to=2099-12-31&type=AssociationUpdate"],
  ])("?%s: the same events as the API, in order", async (query) => {
    const want = (await walkApi(eventsApi, "/api/events", query)).map((e) => String(e.id));
    expect(want.length).toBeGreaterThan(0);
    expect((await csv(query)).rows.map((r) => r.eventId)).toEqual(want);
  });

  it("reads HighLevel's fields from the body: empty when absent, untrusted values neutralised", async () => {
    const rows = (await csv("")).rows;
    const byBodyId = (id: string) => rows.filter((r) => r.id === id);
    expect(byBodyId("thing-1")).toEqual([expect.objectContaining({ type: "", locationId: "", key: "", associationId: "" })]);
    expect(byBodyId("contact-9")).toEqual([
      expect.objectContaining({ type: "ContactCreate", key: "'-5", firstObjectLabel: '{"nested":true}', locationId: "location-a" }),
    ]);
    const hostile = byBodyId(HOSTILE);
    expect(hostile.map((r) => r.type)).toEqual(["AssociationUpdate", "AssociationCreate"]);
    expect(hostile[1]).toMatchObject({
      key: "'-5",
      firstObjectLabel: `'=HYPERLINK("http://x")`,
      secondObjectLabel: "<script>alert(1)</script>",
      firstRecordId: "",
      firstObjectToSecondObjectCardinality: "",
    });
    expect(hostile[0]?.firstObjectToSecondObjectCardinality).toBe("MANY_TO_MANY");
    const retried = byBodyId(relationId(3));
    expect(retried).toEqual([expect.objectContaining({ type: "RelationCreate", duplicateCount: "1", firstRecordId: "contact-3", firstObjectLabel: "" })]);
    expect(retried[0]?.associationId).toMatch(/^65f0a1b2/);
  });

  it("falls back to the stored locationId when the body has none; a body that is not an object gives empty fields", () => {
    const row = {
      id: 7,
      type: "X",
      receivedAt: new Date(0),
      eventTimestamp: null,
      webhookId: null,
      verification: "rsa",
      duplicateCount: 0,
      locationId: "stored-loc",
    };
    expect(eventRecord({ ...row, rawBody: new Uint8Array(Buffer.from('{"id":"a"}')) })).toMatchObject({ id: "a", locationId: "stored-loc", key: null });
    expect(eventRecord({ ...row, rawBody: new Uint8Array(Buffer.from('{"locationId":"body-loc"}')) }).locationId).toBe("body-loc");
    expect(eventRecord({ ...row, rawBody: new Uint8Array(Buffer.from("[1,2]")) })).toMatchObject({ eventId: 7, id: null, locationId: "stored-loc" });
  });

  it("names the file after the main filters", async () => {
    expectCsvHeaders(
      await csv("locationId=location-a&kind=relation,association"),
      new RegExp(`^events-location-location-relation_association-${today()}\\.csv$`),
    );
    expectCsvHeaders(
      await csv("type=AssociationCreate&from=2026-01-01&to=2026-01-31"),
      new RegExp(`^events-AssociationCreate-from-2026-01-01-to-2026-01-31-${today()}\\.csv$`),
    );
  });

  it("ignores cursor, before and limit", async () => {
    const res = await csv(`limit=2&cursor=not-a-cursor&before=x`);
    expect(res.status).toBe(200);
    expect(res.rows).toHaveLength(total.events);
  });

  it.each([
    ["kind=bogus", "kind"],
    ["verification=nope", "verification"],
    ["from=tomorrow", "from"],
    ["from=2026-03-01&to=2026-02-01", "from"],
  ])("%s → the 400 envelope, no CSV", async (query, path) => expectInvalid(await csv(`${query}&limit=3`), path));
});

describe("database failures", () => {
  /** Lets the first `ok` queries of a model through, then fails every later one. */
  async function failAfter(model: "event" | "association", ok: number, error: Error) {
    const prisma = await db();
    const delegate = prisma[model] as unknown as { findMany: (...args: unknown[]) => Promise<unknown> };
    const real = delegate.findMany.bind(delegate);
    let calls = 0;
    vi.spyOn(delegate, "findMany").mockImplementation(async (...args) => (++calls > ok ? Promise.reject(error) : real(...args)));
  }

  it("mid-stream: the body errors after the rows sent so far, never ending as if complete", async () => {
    // Each batch is two reads (ids and sizes, then the bodies): four reads, two batches.
    await failAfter("event", 4, new Error("disk gone"));
    const response = await eventsCsv(new Request("http://localhost:3000/api/export/events.csv"), undefined);
    expect(response.status).toBe(200); // the first batch was read before answering
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = "";
    const drain = async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        text += decoder.decode(value);
      }
    };
    await expect(drain()).rejects.toThrow("disk gone");
    expect(text.split("\r\n").filter(Boolean)).toHaveLength(1 + 2 * exportSettings.batchSize); // header + two batches
  });

  it("before the first row: the error envelope (503 when the database is unreachable), not a CSV", async () => {
    await failAfter("association", 0, Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }));
    const res = await download(associationsCsv, "/api/export/associations.csv?status=active");
    expect(res.status).toBe(503);
    expect(res.json.error.code).toBe("database_unavailable");
  });
});
