// Route-handler plumbing for the CSV exports: the API's filter schemas without its
// paging parameters, a streamed text/csv response, and the download's filename.
import type { z } from "zod";
import { csvStream, exportFilename, type CsvRecord } from "../csv";
import { paramsRecord } from "../filters/common";
import type { AssociationFilters } from "../filters/associations";
import type { EventFilters } from "../filters/events";
import type { RelationFilters } from "../filters/relations";
import { logger } from "../logger";
import { clientAddress } from "./client-address";
import { releasingAtEnd, takeExportSlot } from "./export-slots";
import { pageParams } from "../filters/list";

/**
 * Parses the query string with the JSON API's schema, so every filter is validated
 * exactly as there (a ZodError becomes the 400 envelope in apiRoute). The paging
 * parameters are dropped first: an export is always the whole filtered set.
 */
export function parseExportQuery<S extends z.ZodType>(schema: S, request: Request): z.infer<S> {
  const params = paramsRecord(new URL(request.url).searchParams);
  for (const name of pageParams) delete params[name];
  return schema.parse(params);
}

/**
 * Reads the first batch before answering: a database that is down at the start gets
 * the usual error envelope (503) instead of a 200 that breaks off. Later failures
 * are logged and rethrown, which errors the stream and cuts the response short, so
 * a client never takes a truncated file for a complete one.
 */
async function primed<T>(source: AsyncIterable<T>, dataset: string): Promise<AsyncIterable<T>> {
  const iterator = source[Symbol.asyncIterator]();
  let first: IteratorResult<T> | undefined = await iterator.next();
  const primedIterator: AsyncIterator<T> = {
    async next() {
      if (first) {
        const result = first;
        first = undefined;
        return result;
      }
      try {
        return await iterator.next();
      } catch (error) {
        logger.error({ err: error instanceof Error ? `${error.name}: ${error.message}` : String(error), dataset }, "CSV export failed mid-stream");
        throw error;
      }
    },
    async return() {
      return (await iterator.return?.()) ?? { done: true, value: undefined };
    },
  };
  return { [Symbol.asyncIterator]: () => primedIterator };
}

/** Streams `batches` as CSV, holding one of the client's export slots until the stream ends. */
export async function csvResponse(
  request: Request,
  dataset: string,
  filename: string,
  columns: readonly string[],
  batches: AsyncIterable<readonly CsvRecord[]>,
): Promise<Response> {
  const release = takeExportSlot(clientAddress(request.headers));
  let body: ReadableStream<Uint8Array>;
  try {
    body = csvStream(columns, await primed(releasingAtEnd(batches, release), dataset));
  } catch (error) {
    release();
    throw error;
  }
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

// Filenames name the main filters. Location ids are cut to 8 characters (random, so
// enough to tell files apart); other ids are HighLevel ObjectIds, whose first 8
// characters are a timestamp shared by many, so they stay whole (exportFilename
// bounds the total). Lists are joined with "_", dates become their day.
const short = (id: string | undefined) => id?.slice(0, 8);
const list = (values: readonly string[] | undefined) => values?.join("_");
const day = (date: Date | undefined) => date?.toISOString().slice(0, 10);
const labelled = (label: string, value: string | undefined) => value && `${label}-${value}`;

export function associationsFilename(f: Omit<AssociationFilters, "cursor" | "limit">, now = new Date()): string {
  return exportFilename(
    "associations",
    [
      labelled("location", short(f.locationId)),
      list(f.status),
      list(f.associationType),
      labelled("object", f.objectKey),
      labelled("search", f.q),
      labelled("from", day(f.from)),
      labelled("to", day(f.to)),
    ],
    now,
  );
}

export function eventsFilename(f: Omit<EventFilters, "cursor" | "limit">, now = new Date()): string {
  return exportFilename(
    "events",
    [
      labelled("location", short(f.locationId)),
      list(f.kind),
      list(f.type),
      labelled("subject", f.subjectId),
      labelled("association", f.associationId),
      list(f.verification),
      labelled("from", day(f.from)),
      labelled("to", day(f.to)),
    ],
    now,
  );
}

export function relationsFilename(f: Omit<RelationFilters, "cursor" | "limit">, now = new Date()): string {
  return exportFilename(
    "relations",
    [labelled("association", f.associationId), labelled("location", short(f.locationId)), labelled("record", f.recordId), list(f.status)],
    now,
  );
}
