// The events list's `q`: text inside stored bodies, or one JSON field's exact value.
//
//   q=Buyer                   bodies containing "Buyer" (any case), 3+ characters
//   q=firstObjectLabel=Buyer  bodies whose top-level firstObjectLabel is exactly "Buyer"
//   q=$.data.items[0].id=42   a nested field (leading "$" optional, [n] for array items)
//
// A q is the path form when the text before its first `=` is made only of path
// characters (letters, digits, _ - . $ [ ]); anything else (spaces, quotes, colons…)
// makes the whole q a text search, so `"key": "a=b"` still finds that text.
import { z } from "zod";

export type PathSegment = string | number;

export type BodySearch = { kind: "text"; term: string } | { kind: "path"; path: PathSegment[]; value: string };

/** Terms shorter than this have no trigram to look up, so no index could serve them. */
const minTermLength = 3;
const maxDepth = 16;

const pathLike = /^[A-Za-z0-9_\-.$[\]]*$/;
const keySegment = /^[A-Za-z0-9_-]+$/;

/** The segments of a path like `a.b[0]` or `$.a.b`, or a message saying what is wrong. */
function parseJsonPath(text: string): PathSegment[] | string {
  let rest = text.startsWith("$") ? text.slice(1) : `.${text}`;
  if (rest === "" || rest === ".") return "name a field before =, e.g. firstObjectLabel=Buyer or $.a.b=value";
  const segments: PathSegment[] = [];
  while (rest.length > 0) {
    const index = /^\[(\d{1,9})\]/.exec(rest);
    const key = /^\.([^.[\]]*)/.exec(rest);
    if (index?.[1] !== undefined) {
      segments.push(Number(index[1]));
      rest = rest.slice(index[0].length);
    } else if (key && key[1] !== undefined && keySegment.test(key[1])) {
      segments.push(key[1]);
      rest = rest.slice(key[0].length);
    } else {
      return `"${text}" is not a field path: use names of letters, digits, _ or - joined by dots, and [n] for array items (e.g. $.a.b[0])`;
    }
  }
  if (segments.length > maxDepth) return `a field path has at most ${maxDepth} parts`;
  return segments;
}

/** Reads a q; a string is the problem to report as a 400. */
export function parseBodySearch(q: string): BodySearch | string {
  const eq = q.indexOf("=");
  const left = eq >= 0 ? q.slice(0, eq) : "";
  if (eq >= 0 && pathLike.test(left)) {
    const path = parseJsonPath(left);
    return typeof path === "string" ? path : { kind: "path", path, value: q.slice(eq + 1) };
  }
  if ([...q].length < minTermLength) return `search at least ${minTermLength} characters of the body (shorter text matches too much to look up by index)`;
  return { kind: "text", term: q };
}

/** The `q` query parameter of the events list and its export. */
export const bodySearchParam = z
  .string()
  .trim()
  .max(500, "must be at most 500 characters")
  .optional()
  .transform((v, ctx): BodySearch | undefined => {
    if (!v) return undefined;
    if (v.includes("\u0000")) {
      ctx.addIssue({ code: "custom", message: "must not contain NUL characters" });
      return z.NEVER;
    }
    const parsed = parseBodySearch(v);
    if (typeof parsed === "string") {
      ctx.addIssue({ code: "custom", message: parsed });
      return z.NEVER;
    }
    return parsed;
  });

/**
 * The longest part of a path search's value that a body must contain verbatim, to
 * narrow by the trigram index first. JSON may escape quotes, backslashes, control
 * characters, `/` and any non-ASCII character (\u00e4), so only plain ASCII runs are
 * safe to look for. Null when no run is long enough: the search then reads bodies.
 */
export function verbatimPart(value: string): string | null {
  const runs = value.split(/[^\x20-\x7e]|["\\/]/);
  const longest = runs.reduce((a, b) => (b.length > a.length ? b : a), "");
  return longest.length >= minTermLength ? longest : null;
}
