// Hostile query strings and path ids for the read API and the CSV exports, as data.
// Every query parameter of every endpoint gets every hostile value; what each one
// must answer follows from the parameter's kind.
import { databaseKind } from "@/lib/db";
import { encodeCursor } from "@/lib/filters/common";
import type { Json } from "../helpers/http";
import { INJECTIONS, TRAVERSALS } from "./build";

export type ListEndpoint =
  | "/api/associations"
  | "/api/relations"
  | "/api/events"
  | "/api/locations"
  | "/api/rejected"
  | "/api/events/latest"
  | "/api/health"
  | "/api/export/associations.csv"
  | "/api/export/events.csv"
  | "/api/export/relations.csv";

/** Which stored rows a free-text filter value must select (exactly those, no more, no fewer). */
type Selects = (value: string) => (row: Json) => boolean;
const equals =
  (...fields: string[]): Selects =>
  (v) =>
  (row) =>
    fields.some((f) => row[f] === v);
/** `q`: ASCII-case-insensitive "contains" in key and labels, or the exact id. On SQLite `%` and `_` are wildcards (README). */
const search: Selects = (v) => {
  const escaped = v.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const pattern = () => new RegExp(databaseKind() === "sqlite" ? escaped.replaceAll("%", "[^]*").replaceAll("_", "[^]") : escaped);
  return (row) => row.id === v || ["key", "firstObjectLabel", "secondObjectLabel"].some((f) => pattern().test(String(row[f]).toLowerCase()));
};

/** Locations `q`: case-insensitive "contains" in the id or the display name, matched in memory (no wildcards). */
const locationSearch: Selects = (v) => (row) => [row.locationId, row.name ?? ""].some((f: string) => f.toLowerCase().includes(v.toLowerCase()));

/** A parameter either filters by free text (accepted, as data) or is validated (400 for anything odd). */
type Param = Selects | "validated";
const paging = { cursor: "validated", before: "validated", limit: "validated" } as const;
const associationParams = {
  locationId: equals("locationId"),
  objectKey: equals("firstObjectKey", "secondObjectKey"),
  q: search,
  associationType: "validated",
  status: "validated",
  from: "validated",
  to: "validated",
  sort: "validated",
  ...paging,
} satisfies Record<string, Param>;
const relationParams = {
  associationId: equals("associationId"),
  locationId: equals("locationId"),
  recordId: equals("firstRecordId", "secondRecordId"),
  status: "validated",
  ...paging,
} satisfies Record<string, Param>;
const eventParams = {
  type: equals("type"),
  locationId: equals("locationId"),
  subjectId: equals("subjectId"),
  associationId: equals("associationId"),
  kind: "validated",
  verification: "validated",
  from: "validated",
  to: "validated",
  ...paging,
} satisfies Record<string, Param>;

export interface EndpointSpec {
  params: Record<string, Param>;
  /** The JSON list whose rows a text filter selects from (exports: the matching API). */
  universe?: "associations" | "relations" | "events";
  csv?: boolean;
}
export const endpoints: Record<ListEndpoint, EndpointSpec> = {
  "/api/associations": { params: associationParams, universe: "associations" },
  "/api/relations": { params: relationParams, universe: "relations" },
  "/api/events": { params: eventParams, universe: "events" },
  "/api/locations": { params: { q: locationSearch, state: "validated", silent: "validated", sort: "validated", ...paging } },
  "/api/rejected": { params: { cause: "validated", from: "validated", to: "validated", ...paging } },
  "/api/events/latest": { params: { since: "validated" } },
  "/api/health": { params: {} },
  "/api/export/associations.csv": { params: associationParams, universe: "associations", csv: true },
  "/api/export/events.csv": { params: eventParams, universe: "events", csv: true },
  "/api/export/relations.csv": { params: relationParams, universe: "relations", csv: true },
};

type ReadExpect = { status: 200; selects?: (row: Json) => boolean } | { status: 400; code: "invalid_query"; path: string };

export interface ReadCase {
  name: string;
  endpoint: ListEndpoint;
  query: Record<string, string>;
  expect: ReadExpect;
}

const HOSTILE_VALUES = [...INJECTIONS, "../../etc/passwd", "%2e%2e%2f", "a\u0000b", "x".repeat(501)] as const;
const ignoredByExports = new Set(["cursor", "before", "limit"]);

function expectFor(spec: EndpointSpec, param: string, value: string): ReadExpect {
  if (spec.csv && ignoredByExports.has(param)) return { status: 200, selects: () => true };
  const kind = spec.params[param];
  if (kind === undefined || kind === "validated" || value.includes("\u0000") || value.length > 500) {
    return { status: 400, code: "invalid_query", path: param };
  }
  return { status: 200, selects: kind(value) };
}

const show = (v: string) => (v.length > 40 ? `${v.slice(0, 10)}… (${v.length} chars)` : JSON.stringify(v));

export const readCases: ReadCase[] = (Object.entries(endpoints) as [ListEndpoint, EndpointSpec][]).flatMap(([endpoint, spec]) => [
  ...Object.keys(spec.params).flatMap((param) =>
    HOSTILE_VALUES.map((value) => ({ name: `${param}=${show(value)}`, endpoint, query: { [param]: value }, expect: expectFor(spec, param, value) })),
  ),
  // Unknown parameters, named like an injection, are ignored.
  ...INJECTIONS.map((name) => ({
    name: `unknown parameter ${show(name)}`,
    endpoint,
    query: { [name]: "1" },
    expect: { status: 200 as const, selects: () => true },
  })),
]);

// Forged cursors: well-formed base64url JSON carrying hostile values.
const invalidCursor = (name: string, endpoint: ListEndpoint, query: Record<string, string>, path: string): ReadCase => ({
  name,
  endpoint,
  query,
  expect: { status: 400, code: "invalid_query", path },
});
readCases.push(
  {
    name: "cursor carrying injection text, sorted by key",
    endpoint: "/api/associations",
    query: { sort: "key", cursor: encodeCursor([INJECTIONS[0], INJECTIONS[1]]) },
    expect: { status: 200 },
  },
  {
    name: "before carrying markup, sorted by label",
    endpoint: "/api/associations",
    query: { sort: "-firstObjectLabel", before: encodeCursor([INJECTIONS[2], "x"]) },
    expect: { status: 200 },
  },
  invalidCursor("cursor text for a date sort", "/api/associations", { cursor: encodeCursor([INJECTIONS[0], "x"]) }, "cursor"),
  invalidCursor("cursor holding NUL", "/api/associations", { sort: "key", cursor: encodeCursor(["a\u0000", "x"]) }, "cursor"),
  invalidCursor("relation cursor holding NUL", "/api/relations", { cursor: encodeCursor(["2026-01-01T00:00:00.000Z", "\u0000"]) }, "cursor"),
  invalidCursor("location before holding NUL", "/api/locations", { before: encodeCursor(["2026-01-01T00:00:00.000Z", "l\u0000"]) }, "before"),
  invalidCursor("event cursor that is SQL text", "/api/events", { cursor: encodeCursor("1 OR 1=1") }, "cursor"),
  invalidCursor("event cursor beyond 32 bits", "/api/events", { cursor: encodeCursor(2 ** 31) }, "cursor"),
  invalidCursor("rejected cursor that is an object", "/api/rejected", { cursor: encodeCursor({ $gt: 0 }) }, "cursor"),
);

/** Ids for /api/associations/{id} and /api/events/{id} that must name nothing (404). */
export const missingIds = [
  ...TRAVERSALS,
  ...INJECTIONS.map((s) => `${s} `),
  "x".repeat(201),
  "1%00",
  "0x1",
  "1e3",
  "-1",
  "01",
  "1.0",
  " 1",
  "2147483648",
  "99999999999",
];
