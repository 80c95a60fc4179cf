// Helpers for the CSV export tests: call an export route handler and parse what it
// streams back with a standard CSV parser; walk the matching JSON API page by page.
import { parse } from "csv-parse/sync";
import { expect } from "vitest";
import { get, type Json } from "./http";

type Handler = (request: Request, context: undefined) => Promise<Response>;

export interface Download {
  status: number;
  headers: Headers;
  text: string;
  /** How many chunks the body arrived in (header + one per batch). */
  chunks: number;
  header: string[];
  /** Data rows as objects keyed by the header row. */
  rows: Record<string, string>[];
  /** The JSON body when the answer is not CSV (an error envelope). */
  json?: Json;
}

export async function download(handler: Handler, url: string): Promise<Download> {
  const response = await handler(new Request(`http://localhost:3000${url}`), undefined);
  const base = { status: response.status, headers: response.headers };
  if (!response.headers.get("content-type")?.startsWith("text/csv")) {
    return { ...base, text: "", chunks: 0, header: [], rows: [], json: await response.json() };
  }
  const decoder = new TextDecoder();
  let text = "";
  let chunks = 0;
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    text += decoder.decode(next.value, { stream: true });
    chunks++;
  }
  const [header = [], ...records] = parse(text) as string[][];
  const rows = records.map((cells) => {
    expect(cells).toHaveLength(header.length);
    return Object.fromEntries(header.map((column, i) => [column, cells[i] ?? ""]));
  });
  return { ...base, text, chunks, header, rows };
}

/** Every row of a JSON API list, following nextCursor with small pages. */
export async function walkApi(handler: Handler, path: string, query: string, limit = 4): Promise<Json[]> {
  const rows: Json[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 200; page++) {
    const res: { status: number; body: Json } = await get(handler, `${path}?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`);
    expect(res.status).toBe(200);
    rows.push(...res.body.data);
    cursor = res.body.nextCursor;
    if (!cursor) return rows;
  }
  throw new Error("paging did not end");
}

/** What a JSON API value must look like in the CSV: text, empty for null, formulas neutralised. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return String(value);
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** The API rows as the CSV must carry them, column by column. */
export function asCsv(rows: Json[], columns: readonly string[]): Record<string, string>[] {
  return rows.map((row) => Object.fromEntries(columns.map((c) => [c, csvCell(row[c])])));
}

/** Today's UTC day, as the export filenames carry it. */
export const today = () => new Date().toISOString().slice(0, 10);

/** Asserts the 400 envelope naming the parameter, as JSON, never CSV. */
export function expectInvalid(res: Download, path: string): void {
  expect(res.status).toBe(400);
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  expect(res.json.error.code).toBe("invalid_query");
  expect(res.json.error.details.map((d: Json) => d.path)).toContain(path);
}

/** The CSV response headers: type, no caching, an attachment with a safe filename matching `filename`. */
export function expectCsvHeaders(res: Download, filename: RegExp) {
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
  expect(res.headers.get("cache-control")).toBe("no-store");
  const disposition = res.headers.get("content-disposition") ?? "";
  expect(disposition).toMatch(/^attachment; filename="[A-Za-z0-9._-]+"$/);
  expect(disposition.slice('attachment; filename="'.length, -1)).toMatch(filename);
}
