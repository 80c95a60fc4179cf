// Lenient readers for HighLevel's Associations REST API answers. The official SDK
// types them as `any` and no real response is on record (only the documented shape), so
// each reader accepts the documented shape and its obvious variants, and answers null
// when it cannot find the rows at all: the caller then keeps the raw response for the
// operator instead of guessing. Rows are read in the webhook's field names; a field
// that is absent or not a string is simply not carried (never invented).

// The webhook's field names are the projection's: one list, so a field added to the
// projection is read from HighLevel's answers too.
import { isJsonObject } from "../domain/json";
import { associationFields, relationFields } from "../projection";

export type ApiAssociationField = (typeof associationFields)[number];
export type ApiRelationField = (typeof relationFields)[number];

/** A row as HighLevel answered it: its id, the fields it carries, and the row itself as evidence. */
export interface ApiRow<F extends string> {
  id: string;
  fields: Partial<Record<F, string>>;
  raw: Record<string, unknown>;
}

export interface ParsedPage<F extends string> {
  rows: ApiRow<F>[];
  /** Rows that were not objects with an id: their presence makes "missing" unprovable. */
  unreadable: number;
  total: number | null;
}

/** The row array of a list answer: `{<name>:[…]}`, `{data:[…]}`, `[…]`, `{<name>:{data:[…]}}`, `{data:{<name>:[…]}}`. */
function listOf(body: unknown, name: string): unknown[] | null {
  if (Array.isArray(body)) return body;
  if (!isJsonObject(body)) return null;
  for (const outer of [name, "data"]) {
    const v = body[outer];
    if (Array.isArray(v)) return v;
    if (isJsonObject(v)) {
      for (const inner of [name, "data"]) {
        const w = v[inner];
        if (Array.isArray(w)) return w;
      }
    }
  }
  return null;
}

function totalOf(body: unknown, name: string): number | null {
  if (!isJsonObject(body)) return null;
  const candidates = [body.total, body.count, isJsonObject(body[name]) ? body[name].total : undefined, isJsonObject(body.data) ? body.data.total : undefined];
  for (const c of candidates) if (typeof c === "number" && Number.isInteger(c) && c >= 0) return c;
  return null;
}

// Cardinalities may come as the webhook's two fields, or (a guess we accept, never
// require) nested under `cardinalities` / `cardinality` with the same names.
function cardinalityFields(row: Record<string, unknown>): Record<string, unknown> {
  const nested = isJsonObject(row.cardinalities) ? row.cardinalities : isJsonObject(row.cardinality) ? row.cardinality : null;
  return nested ? { ...nested, ...row } : row;
}

function rowOf<F extends string>(value: unknown, fields: readonly F[]): ApiRow<F> | null {
  if (!isJsonObject(value)) return null;
  const id = typeof value.id === "string" && value.id ? value.id : typeof value._id === "string" && value._id ? value._id : null;
  if (id === null) return null;
  const source = cardinalityFields(value);
  const carried: Partial<Record<F, string>> = {};
  for (const f of fields) {
    const v = source[f];
    if (typeof v === "string") carried[f] = v;
  }
  return { id, fields: carried, raw: value };
}

function pageOf<F extends string>(body: unknown, name: string, fields: readonly F[]): ParsedPage<F> | null {
  const list = listOf(body, name);
  if (list === null) return null;
  const rows: ApiRow<F>[] = [];
  let unreadable = 0;
  for (const item of list) {
    const row = rowOf(item, fields);
    if (row) rows.push(row);
    else unreadable += 1;
  }
  return { rows, unreadable, total: totalOf(body, name) };
}

/** One association row kept as evidence, read again (apply). */
export function associationRowOf(value: unknown): ApiRow<ApiAssociationField> | null {
  return rowOf(value, associationFields);
}

export function relationRowOf(value: unknown): ApiRow<ApiRelationField> | null {
  return rowOf(value, relationFields);
}

/** `GET /associations/?locationId&skip&limit`: documented as `{associations:[…], total, traceId}`. */
export function parseAssociationsPage(body: unknown): ParsedPage<ApiAssociationField> | null {
  return pageOf(body, "associations", associationFields);
}

/** `GET /associations/relations/{recordId}`: believed to be `{relations:[…], total}`. */
export function parseRelationsPage(body: unknown): ParsedPage<ApiRelationField> | null {
  return pageOf(body, "relations", relationFields);
}

/** `GET /locations/{locationId}`: the name at `location.name` or `name`. */
export function parseLocationName(body: unknown): string | null {
  if (!isJsonObject(body)) return null;
  const name = isJsonObject(body.location) ? body.location.name : body.name;
  return typeof name === "string" && name.trim() ? name.trim() : null;
}
