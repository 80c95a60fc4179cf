// CSV encoding for the exports: csv-stringify's sync API, one call per batch, so a
// stream of batches never holds more than one batch of text.
//
// Choices (see README "CSV export"):
// - RFC 4180: fields quoted only when needed, `"` doubled, records end in CRLF.
//   Line breaks inside a cell (LF or CRLF) are kept verbatim inside the quotes.
// - UTF-8 without a byte-order mark: scripts and CSV tools read the first header as
//   `eventId`, not `\uFEFFeventId`. Excel users import via Data → From Text/CSV (UTF-8).
// - Times are ISO 8601 UTC (`Date#toISOString`); null and missing values are empty cells.
// - Formula injection: a text cell starting with = + - @ tab or CR (or their full-width
//   forms) gets a leading `'`, so spreadsheets show it as text instead of running it.
//   Numbers are typed values, not text: our own numeric columns (eventCount, …) stay
//   plain, even negative; untrusted numbers must be passed as strings to be neutralised.
import { stringify, type Options } from "csv-stringify/sync";

type CsvValue = string | number | Date | null | undefined;
export type CsvRecord = Readonly<Record<string, CsvValue>>;

const options: Options = {
  record_delimiter: "windows",
  // Quote cells holding a bare LF or CR too: csv-stringify turns this off by default
  // as soon as record_delimiter is set, which would split such a cell into two records.
  quote_record_delimiter: true,
  escape_formulas: true,
  cast: { date: (value) => value.toISOString() },
};

/** The header row (always written, even for an empty export). */
export function csvHeader(columns: readonly string[]): string {
  return stringify([[...columns]], options);
}

/** Records as CSV lines, cells in column order (by key: a missing key is an empty cell). */
export function csvRows(columns: readonly string[], rows: readonly CsvRecord[]): string {
  // Arrays, not objects: csv-stringify would read a column name with a dot as a path.
  return stringify(
    rows.map((row) => columns.map((column) => row[column] ?? null)),
    options,
  );
}

/**
 * A byte stream of the header, then one encoded batch per pull: the next batch is
 * read only when the consumer has taken the previous one, so memory stays at about
 * one batch whatever the row count. An error from the source errors the stream (the
 * HTTP response is cut off, never ended as if complete); cancelling it (client gone)
 * stops the source.
 */
export function csvStream(columns: readonly string[], batches: AsyncIterable<readonly CsvRecord[]>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = batches[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(csvHeader(columns)));
    },
    async pull(controller) {
      // Loop over empty batches: a pull that enqueues nothing would not be called again.
      for (;;) {
        const next = await iterator.next();
        if (next.done) {
          controller.close();
          return;
        }
        if (next.value.length > 0) {
          controller.enqueue(encoder.encode(csvRows(columns, next.value)));
          return;
        }
      }
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

const maxFilenameLength = 120;

/**
 * A download name naming the dataset, the main filters and the day, e.g.
 * `associations-location-eHy2cOSZ-active-2026-11-30.csv`. Only [A-Za-z0-9._-]
 * survive (anything else becomes `_`), so it needs no quoting or encoding in
 * Content-Disposition and is safe on every file system; the filter part is cut so
 * the whole name stays within 120 characters.
 */
export function exportFilename(dataset: string, parts: readonly (string | false | null | undefined)[], date = new Date()): string {
  const clean = (text: string) => text.replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^[._-]+|[._-]+$/g, "");
  const head = clean(dataset) || "export";
  const tail = `-${date.toISOString().slice(0, 10)}.csv`;
  let middle = parts
    .map((part) => (part ? clean(part) : ""))
    .filter(Boolean)
    .map((part) => `-${part}`)
    .join("");
  const room = maxFilenameLength - head.length - tail.length;
  if (middle.length > room) middle = middle.slice(0, Math.max(0, room)).replace(/[._-]+$/, "");
  return `${head}${middle}${tail}`;
}
