// Building blocks for the query-string filters shared by the JSON API, the pages
// and the CSV export: one parser per list, so all three read a URL the same way.
import { z } from "zod";
import { isOneOf } from "../domain/values";

/** URLSearchParams (or Next's searchParams object) as a plain record; repeated keys joined by commas. */
export function paramsRecord(params: URLSearchParams | Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  const add = (k: string, v: string) => {
    out[k] = out[k] === undefined ? v : `${out[k]},${v}`;
  };
  const entries = params instanceof URLSearchParams ? params.entries() : Object.entries(params);
  for (const [k, v] of entries) {
    if (Array.isArray(v)) for (const x of v) add(k, x);
    else if (v !== undefined) add(k, v);
  }
  return out;
}

/** An optional text filter: blank means "not set". NUL is refused: PostgreSQL text cannot be compared with it. */
export const optionalText = (max = 200) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .refine((v) => !v.includes("\u0000"), "must not contain NUL characters")
    .optional()
    .transform((v) => (v ? v : undefined));

/** A comma-separated list of allowed values. */
export const optionalList = <T extends string>(values: readonly [T, ...T[]]) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      const items = (v ?? "")
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);
      const known = items.filter((item): item is T => isOneOf(values, item));
      const unknown = items.find((item) => !isOneOf(values, item));
      if (unknown !== undefined) {
        ctx.addIssue({ code: "custom", message: `"${unknown}" is not one of ${values.join(", ")}` });
        return z.NEVER;
      }
      return known.length ? known : undefined;
    });

/** True when the leading YYYY-MM-DD names a real day (Date.parse rolls 2026-02-31 over to March 3). */
function isCalendarDate(text: string): boolean {
  const [year, month, day] = text.slice(0, 10).split("-").map(Number);
  if (year === undefined || month === undefined || day === undefined) return false;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** An ISO 8601 date or date-time; a bare date means that day's start (from) or end (to), UTC. */
export const optionalDate = (edge: "start" | "end") =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (!v) return undefined;
      const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(v);
      // A date-time without a zone is read as UTC, never as the server's local time.
      const zoned = /(Z|[+-]\d{2}:?\d{2})$/i.test(v) ? v : `${v}Z`;
      const text = dateOnly ? `${v}T${edge === "start" ? "00:00:00.000" : "23:59:59.999"}Z` : zoned;
      const ms = /^\d{4}-\d{2}-\d{2}T/.test(text) ? Date.parse(text) : Number.NaN;
      if (Number.isNaN(ms) || !isCalendarDate(text)) {
        ctx.addIssue({ code: "custom", message: "must be an ISO 8601 date or date-time, e.g. 2026-01-31 or 2026-01-31T12:00:00Z" });
        return z.NEVER;
      }
      return new Date(ms);
    });

export const limitParam = (fallback = 50, max = 500) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (!v) return fallback; // blank means "not set", like every other filter
      const n = Number(v);
      const problem = !Number.isFinite(n)
        ? "must be a number"
        : !Number.isInteger(n)
          ? "must be a whole number"
          : n < 1
            ? "must be at least 1"
            : n > max
              ? `must be at most ${max}`
              : null;
      if (problem) {
        ctx.addIssue({ code: "custom", message: problem });
        return z.NEVER;
      }
      return n;
    });

/** Cursors are opaque to clients: base64url JSON written by encodeCursor. */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value), "utf8").toString("base64url");
}

export const cursorParam = <T extends z.ZodType>(shape: T) =>
  z
    .string()
    .optional()
    .transform((v, ctx): z.infer<T> | undefined => {
      if (!v) return undefined;
      try {
        const decoded: unknown = JSON.parse(Buffer.from(v, "base64url").toString("utf8"));
        const parsed = shape.safeParse(decoded);
        // A forged cursor's text parts reach SQL: NUL would fail there on PostgreSQL.
        const parts: unknown[] = parsed.success && Array.isArray(parsed.data) ? parsed.data : [parsed.data];
        if (parsed.success && !parts.some((p) => typeof p === "string" && p.includes("\u0000"))) return parsed.data;
      } catch {
        // fall through to the issue below
      }
      ctx.addIssue({ code: "custom", message: "is not a cursor this server issued" });
      return z.NEVER;
    });

/** Cursor parts: a row id (a positive 32-bit integer, like the Int columns) and an ISO date-time. */
export const cursorId = z.number().int().positive().max(2_147_483_647);
export const cursorDate = z.string().refine((v) => /^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(Date.parse(v)));

/** A rule shared by the date-range filters: from must not be after to. */
export function rangeIsOrdered(v: { from?: Date; to?: Date }): boolean {
  return !v.from || !v.to || v.from.getTime() <= v.to.getTime();
}
export const rangeMessage = { message: "from must not be after to", path: ["from"] };

/** A page is asked for either after a row (cursor) or before one (before), not both. */
export function oneDirection(v: { cursor?: unknown; before?: unknown }): boolean {
  return v.cursor === undefined || v.before === undefined;
}
export const oneDirectionMessage = { message: "give cursor or before, not both", path: ["before"] };

/**
 * A field of parsed parameters (or of a row), read by name: the checks shared by
 * every list's schema serve objects whatever else they hold.
 */
export function fieldOf(v: object, name: string): unknown {
  return Object.hasOwn(v, name) ? Reflect.get(v, name) : undefined;
}
