// Builders for the hostile-input corpus: valid payloads to start from (each with
// unique ids and webhookId, so an accepted case is stored, never a duplicate),
// byte helpers, and the case shapes.
import { signEd25519 } from "../helpers/keys";

/** Injection and markup strings, accepted as data wherever text is allowed. */
export const INJECTIONS = ["' OR 1=1 --", '"; DROP TABLE "Event"; --', "<script>alert(1)</script>"] as const;

/** Path-traversal-looking ids, as a decoded route parameter would hold them. */
export const TRAVERSALS = ["../../etc/passwd", "%2e%2e%2f", "..%5c", "..\\..\\windows", "%00", "\u0000", "a%00b", "..", "x/../y"] as const;

export const associationKeys = [
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
] as const;
export const relationKeys = ["id", "associationId", "firstObjectKey", "firstRecordId", "secondObjectKey", "secondRecordId", "locationId"] as const;

export type Fields = Record<string, unknown>;
export type Stored = { kind: "association" | "relation"; fields: Record<string, string> } | { kind: "other" | "unclassified" };
type Expected =
  /** storedBody: what the event keeps when it differs from the bytes sent (the canonical JSON form). */
  { status: 200; stored: Stored; storedBody?: Uint8Array } | { status: 400 | 401 | 403 | 404 | 413; code: string; cause?: string };
export type HeaderLines = [string, string][];

export interface ReceiverCase {
  group: string;
  name: string;
  /** Per-event URL segment (decoded), or the generic URL. */
  eventType?: string;
  body: Uint8Array;
  /** Signature header lines; default: a valid X-GHL-Signature over the body. */
  signature?: (body: Uint8Array) => HeaderLines;
  /** Content-Type; default application/json; null: none at all. */
  contentType?: string | null;
  headers?: HeaderLines;
  env?: Record<string, string>;
  expect: Expected;
}

export const utf8 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, "utf8"));
export const bytes = (...parts: (string | number[])[]): Uint8Array =>
  new Uint8Array(Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "utf8") : Buffer.from(p)))));
export const json = (value: unknown): Uint8Array => utf8(JSON.stringify(value));
export const validSignature = (body: Uint8Array): HeaderLines => [["x-ghl-signature", signEd25519(body)]];

let serial = 0;
/** A fresh id for one case, so every accepted case stores a new row. */
const uid = (label: string) => `hostile-${label}-${++serial}`;

/** A valid AssociationUpdate (it carries every association field, cardinalities included). */
export function association(overrides: Fields = {}): Fields {
  const id = uid("assoc");
  return {
    type: "AssociationUpdate",
    id,
    key: `key_${id}`,
    associationType: "USER_DEFINED",
    firstObjectKey: "contact",
    firstObjectLabel: "Buyer",
    secondObjectKey: "custom_objects.property",
    secondObjectLabel: "Property",
    firstObjectToSecondObjectCardinality: "MANY_TO_MANY",
    secondObjectToFirstObjectCardinality: "ONE_TO_MANY",
    locationId: "loc-hostile",
    timestamp: "2026-02-01T10:00:00.000Z",
    webhookId: `wh-${id}`,
    ...overrides,
  };
}

/** A valid RelationCreate. */
export function relation(overrides: Fields = {}): Fields {
  const id = uid("rel");
  return {
    type: "RelationCreate",
    id,
    associationId: "hostile-assoc-parent",
    firstObjectKey: "contact",
    firstRecordId: `contact-${id}`,
    secondObjectKey: "custom_objects.property",
    secondRecordId: `prop-${id}`,
    locationId: "loc-hostile",
    timestamp: "2026-02-01T11:00:00.000Z",
    webhookId: `wh-${id}`,
    ...overrides,
  };
}

/** The stored state an accepted payload must round-trip to. */
export function storedAs(kind: "association" | "relation", payload: Fields): Stored {
  const keys = kind === "association" ? associationKeys : relationKeys;
  return { kind, fields: Object.fromEntries(keys.map((k) => [k, String(payload[k])])) };
}

/** A case whose (valid) payload must be stored and read back exactly. */
export function accepted(group: string, name: string, payload: Fields, extra: Partial<ReceiverCase> = {}): ReceiverCase {
  const kind = payload.type === "RelationCreate" ? "relation" : "association";
  return { group, name, body: json(payload), expect: { status: 200, stored: storedAs(kind, payload) }, ...extra };
}

export function refused(
  group: string,
  name: string,
  body: Uint8Array,
  status: 400 | 401 | 403 | 404 | 413,
  code: string,
  extra: Partial<ReceiverCase> = {},
): ReceiverCase {
  return { group, name, body, expect: { status, code }, ...extra };
}
