// Time ranges shared by the lists, their exports and the overview: `range` is a
// relative window (1h, 24h, 7d, 30d) resolved when the request is read, so a shared
// link means "the last 24 h" whenever it is opened; `from`/`to` are absolute. A
// request gives one or the other. Each list says which time column they filter.
import { z } from "zod";
import { fieldOf, optionalDate, rangeIsOrdered, rangeMessage } from "./common";
import { isRelativeRange, rangeLabels, relativeRangeKeys, relativeRanges, type RelativeRange } from "./range-options";

export const rangeParam = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx): RelativeRange | undefined => {
    if (!v) return undefined;
    if (isRelativeRange(v)) return v;
    ctx.addIssue({ code: "custom", message: `must be one of ${relativeRangeKeys.join(", ")}` });
    return z.NEVER;
  });

type Ranged = { range?: RelativeRange; from?: Date; to?: Date };

/**
 * The range fields of any parsed parameters (a list's, the overview's), read by
 * name: the checks below serve schemas whatever else they hold.
 */
function rangeOf(v: object): Ranged {
  const range = fieldOf(v, "range");
  const from = fieldOf(v, "from");
  const to = fieldOf(v, "to");
  return {
    range: typeof range === "string" && isRelativeRange(range) ? range : undefined,
    from: from instanceof Date ? from : undefined,
    to: to instanceof Date ? to : undefined,
  };
}

/** from must not be after to. */
export const rangeOrdered = (v: object) => rangeIsOrdered(rangeOf(v));

/** A relative range and an absolute one together would contradict each other. */
export const rangeAlone = (v: object) => {
  const { range, from, to } = rangeOf(v);
  return !(range && (from || to));
};
export const rangeAloneMessage = { message: "give range or from/to, not both", path: ["range"] };

/** `from` for a relative range, as of `now` (the request's time; tests pass their own clock). */
export function resolveRange<T extends object>(v: T, now: Date): T & { from?: Date } {
  const { range } = rangeOf(v);
  return range ? { ...v, from: new Date(now.getTime() - relativeRanges[range]) } : v;
}

/** The schema step that resolves `range` into `from` when a request is parsed. */
export const atRequestTime = <T extends object>(v: T): T & { from?: Date } => resolveRange(v, new Date());

/** What a range covers, in words for headings ("Last 24 h", "from … to …"). */
export function describeRange(v: Ranged): string | null {
  if (v.range) return rangeLabels[v.range];
  if (v.from && v.to) return `${v.from.toISOString()} to ${v.to.toISOString()}`;
  if (v.from) return `since ${v.from.toISOString()}`;
  if (v.to) return `until ${v.to.toISOString()}`;
  return null;
}

/** The overview's own parameters: just the range. */
export const overviewRangeSchema = z
  .object({ range: rangeParam, from: optionalDate("start"), to: optionalDate("end") })
  .refine(rangeOrdered, rangeMessage)
  .refine(rangeAlone, rangeAloneMessage)
  .transform(atRequestTime);
