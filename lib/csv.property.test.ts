// Property tests of the CSV encoding: for any rows of any text, a standard parser
// (csv-parse) reads back the same number of rows and columns and the same cells,
// except that a cell starting with a formula character comes back with one
// leading apostrophe (README "CSV export"); numbers stay plain.
import { parse } from "csv-parse/sync";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { csvHeader, csvRows, csvStream, type CsvRecord } from "./csv";

/** Characters that start a formula in some spreadsheet (csv-stringify's escape_formulas list). */
const formulaStarts = ["=", "+", "-", "@", "\t", "\r", "\uFF1D", "\uFF0B", "\uFF0D", "\uFF20"];
const neutralised = (text: string) => (text !== "" && formulaStarts.includes(text[0] ?? "") ? `'${text}` : text);

/** Text made of CSV's special characters and formula starts, mixed with anything else. */
const special = fc.constantFrom('"', ",", "\r", "\n", "\r\n", "'", " ", "=", "+", "-", "@", "\t", "\uFF1D", "\uFF20", "a", "é", "😀", ";", "\u0000", "\uFEFF");
const text = fc.oneof(
  fc.string({ unit: "binary", maxLength: 30 }),
  fc.string({ unit: special, maxLength: 12 }),
  fc.tuple(fc.constantFrom(...formulaStarts), fc.string({ unit: "binary", maxLength: 10 })).map(([a, b]) => a + b),
  fc.constant(""),
);

/** 1–6 columns (names may be any text too), 0–8 rows of that width. */
const table = fc.integer({ min: 1, max: 6 }).chain((width) =>
  fc.record({
    columns: fc.uniqueArray(fc.string({ unit: "grapheme", minLength: 1, maxLength: 8 }), { minLength: width, maxLength: width }),
    rows: fc.array(fc.array(text, { minLength: width, maxLength: width }), { maxLength: 8 }),
  }),
);

const records = (columns: string[], rows: string[][]): CsvRecord[] => rows.map((cells) => Object.fromEntries(columns.map((column, i) => [column, cells[i]])));

describe("CSV encoding round-trips through csv-parse", () => {
  it("same row and column counts, same cells, formulas neutralised with exactly one leading '", () => {
    fc.assert(
      fc.property(table, ({ columns, rows }) => {
        const text = csvHeader(columns) + csvRows(columns, records(columns, rows));
        const expected = [columns.map(neutralised), ...rows.map((cells) => cells.map(neutralised))];
        expect(parse(text)).toEqual(expected);
        // Also for a reader that ends a record at any line break outside quotes (LF, CR or CRLF):
        // a bare CR or LF inside a cell must be quoted, not just the CRLF we write.
        expect(parse(text, { record_delimiter: ["\r\n", "\n", "\r"] })).toEqual(expected);
        expect(text.endsWith("\r\n")).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it("null and undefined are empty cells; numbers are plain, even negative", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer(), fc.constant(null), fc.constant(undefined)), { minLength: 1, maxLength: 6 }), (values) => {
        const columns = values.map((_, i) => `c${i}`);
        const row: CsvRecord = Object.fromEntries(values.map((v, i) => [`c${i}`, v]));
        const parsed = parse(csvRows(columns, [row]));
        expect(parsed).toEqual([values.map((v) => (typeof v === "number" ? String(v) : ""))]);
      }),
      { numRuns: 300 },
    );
  });

  it("the streamed form is the header then the same rows, batch by batch", async () => {
    await fc.assert(
      fc.asyncProperty(table, fc.integer({ min: 1, max: 4 }), async ({ columns, rows }, size) => {
        const all = records(columns, rows);
        const batches: CsvRecord[][] = [];
        for (let i = 0; i < all.length; i += size) batches.push(all.slice(i, i + size));
        async function* source() {
          yield* batches;
        }
        const streamed = await new Response(csvStream(columns, source())).text();
        expect(streamed).toBe(csvHeader(columns) + csvRows(columns, all));
      }),
      { numRuns: 200 },
    );
  });
});
