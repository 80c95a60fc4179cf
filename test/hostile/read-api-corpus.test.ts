// The hostile-request corpus against the read API and the CSV exports. A free-text
// filter takes an injection string as data and selects exactly the rows holding it
// (no more, no fewer); every other parameter refuses it with the 400 envelope
// naming the parameter; nothing answers 5xx and no read changes any stored row.
import { beforeAll, describe, expect, test } from "vitest";
import * as associationRoute from "@/app/api/associations/[id]/route";
import * as associationsRoute from "@/app/api/associations/route";
import * as eventRoute from "@/app/api/events/[id]/route";
import * as latestRoute from "@/app/api/events/latest/route";
import * as eventsRoute from "@/app/api/events/route";
import * as associationsCsvRoute from "@/app/api/export/associations.csv/route";
import * as eventsCsvRoute from "@/app/api/export/events.csv/route";
import * as relationsCsvRoute from "@/app/api/export/relations.csv/route";
import * as healthRoute from "@/app/api/health/route";
import * as locationsRoute from "@/app/api/locations/route";
import * as rejectedRoute from "@/app/api/rejected/route";
import * as relationsRoute from "@/app/api/relations/route";
import { download } from "../helpers/csv";
import { clearDatabase } from "../helpers/db";
import { deliver, get, type Json } from "../helpers/http";
import { deliverOk, envelopeBody, seedAssociations } from "../helpers/seed";
import { associationKeys, INJECTIONS, relationKeys } from "./build";
import { endpoints, missingIds, readCases, type ListEndpoint, type ReadCase } from "./cases-read";
import { snapshot, type Snapshot } from "./harness";

type Handler = (request: Request, context: undefined) => Promise<Response>;
const handlers: Record<ListEndpoint, Handler> = {
  "/api/associations": associationsRoute.GET,
  "/api/relations": relationsRoute.GET,
  "/api/events": eventsRoute.GET,
  "/api/locations": locationsRoute.GET,
  "/api/rejected": rejectedRoute.GET,
  "/api/events/latest": latestRoute.GET,
  "/api/health": healthRoute.GET,
  "/api/export/associations.csv": associationsCsvRoute.GET,
  "/api/export/events.csv": eventsCsvRoute.GET,
  "/api/export/relations.csv": relationsCsvRoute.GET,
};
const params = (id: string) => ({ params: Promise.resolve({ id }) });

const universe: Record<"associations" | "relations" | "events", Json[]> = { associations: [], relations: [], events: [] };
let stored: Snapshot;

async function list(path: string): Promise<Json[]> {
  const res = await get(handlers[path as ListEndpoint], `${path}?limit=500`);
  expect(res.status).toBe(200);
  expect(res.body.nextCursor).toBeNull();
  return res.body.data as Json[];
}

beforeAll(async () => {
  await clearDatabase();
  await seedAssociations(6);
  const at = Date.parse("2026-01-20T00:00:00.000Z");
  for (const [i, s] of INJECTIONS.entries()) {
    // The injection string in every field, so a filter on it has rows to find.
    await deliverOk(envelopeBody("AssociationUpdate", Object.fromEntries(associationKeys.map((k) => [k, s])), at + i));
    await deliverOk(envelopeBody("RelationCreate", Object.fromEntries(relationKeys.map((k) => [k, s])), at + i));
    await deliverOk(envelopeBody(s, { id: s, locationId: s, associationId: s }, at + i));
  }
  await deliverOk(`{"type":"ContactCreate","id":${"[".repeat(100_000)}${"]".repeat(100_000)}}`);
  expect((await deliver("not json")).status).toBe(400); // a row in the rejected log
  universe.associations = await list("/api/associations");
  universe.relations = await list("/api/relations");
  universe.events = await list("/api/events");
  stored = await snapshot();
});

/** A row's own id: events.csv names it eventId (its `id` column is HighLevel's, from the body). */
const idOf = (row: Json) => String("eventId" in row ? row.eventId : row.id);
const sorted = (ids: string[]) => [...ids].sort();

async function run(c: ReadCase) {
  const spec = endpoints[c.endpoint];
  const query = new URLSearchParams(c.query);
  if (!spec.csv && !("limit" in c.query) && spec.universe) query.set("limit", "500");
  const url = `${c.endpoint}?${query.toString()}`;
  if (spec.csv) {
    const res = await download(handlers[c.endpoint], url);
    return { status: res.status, json: res.json, rows: res.status === 200 ? res.rows : undefined, contentType: res.headers.get("content-type") };
  }
  const response = await handlers[c.endpoint](new Request(`http://localhost:3000${url}`), undefined);
  const json = (await response.json()) as Json;
  return { status: response.status, json, rows: json.data as Json[] | undefined, contentType: response.headers.get("content-type") };
}

test("the corpus covers every parameter of every endpoint", () => {
  expect(readCases.length).toBeGreaterThanOrEqual(60);
  for (const [endpoint, spec] of Object.entries(endpoints)) {
    for (const param of Object.keys(spec.params)) {
      expect(
        readCases.some((c) => c.endpoint === endpoint && param in c.query),
        `${endpoint} ${param}`,
      ).toBe(true);
    }
  }
});

describe("hostile query strings", () => {
  test.each(readCases.map((c) => [`${c.endpoint} ${c.name}`, c] as const))("%s", async (_name, c) => {
    const res = await run(c);
    expect(res.status, JSON.stringify(res.json)).toBeLessThan(500);
    if (c.expect.status === 400) {
      expect(res.status, JSON.stringify(res.json)).toBe(400);
      expect(res.contentType).toMatch(/^application\/json/); // the error is JSON, never a CSV download
      expect(res.json.error.code).toBe(c.expect.code);
      expect((res.json.error.details as Json[]).map((d) => d.path)).toContain(c.expect.path);
    } else {
      expect(res.status, JSON.stringify(res.json)).toBe(200);
      const spec = endpoints[c.endpoint];
      const select = c.expect.selects;
      expect(res.contentType).toMatch(spec.csv ? /^text\/csv; charset=utf-8$/ : /^application\/json/);
      if (spec.universe && select) {
        const expected = universe[spec.universe].filter(select).map(idOf);
        expect(sorted((res.rows ?? []).map(idOf))).toEqual(sorted(expected));
      }
    }
    expect(await snapshot()).toEqual(stored);
  });

  test("each injection string as a filter finds exactly its own rows (the check above is not vacuous)", () => {
    for (const s of INJECTIONS) {
      expect(universe.associations.filter((r) => r.locationId === s)).toHaveLength(1);
      expect(universe.relations.filter((r) => r.recordId === s || r.firstRecordId === s)).toHaveLength(1);
      expect(universe.events.filter((r) => r.type === s)).toHaveLength(1);
    }
    expect(universe.associations.length).toBeGreaterThan(INJECTIONS.length);
  });
});

describe("hostile path ids", () => {
  test.each(missingIds.map((id) => [JSON.stringify(id.length > 40 ? `${id.slice(0, 10)}…` : id), id] as const))(
    "%s names no association and no event: 404",
    async (_name, id) => {
      for (const handler of [associationRoute.GET, eventRoute.GET]) {
        const res = await get(handler, `/api/x/${encodeURIComponent(id)}`, params(id));
        expect(res.status, JSON.stringify(res.body)).toBe(404);
        expect(res.body.error.code).toBe("not_found");
      }
      expect(await snapshot()).toEqual(stored);
    },
  );

  test.each(INJECTIONS.map((s) => [s] as const))("an association whose every field is %s reads back verbatim", async (s) => {
    const res = await get(associationRoute.GET, `/api/associations/${encodeURIComponent(s)}`, params(s));
    expect(res.status).toBe(200);
    for (const key of associationKeys) expect(res.body.data[key]).toBe(s);
    expect(res.body.data.history).toHaveLength(1);
    expect(await snapshot()).toEqual(stored);
  });

  test("the read routes export GET and no POST, PUT, PATCH or DELETE, so Next answers those 405", () => {
    const routes = [associationRoute, associationsRoute, eventRoute, eventsRoute, latestRoute, healthRoute, locationsRoute, rejectedRoute, relationsRoute];
    for (const route of [...routes, associationsCsvRoute, eventsCsvRoute, relationsCsvRoute]) {
      const handlers = Object.entries(route)
        .filter(([, value]) => typeof value === "function")
        .map(([name]) => name);
      expect(handlers).toContain("GET");
      for (const method of ["POST", "PUT", "PATCH", "DELETE"]) expect(handlers).not.toContain(method);
    }
  });
});
