// What differs between two stored deliveries: the fields (old → new) and a line diff
// of the bodies pretty-printed as JSON. Pure: the query (lib/queries/event-diff.ts)
// reads the two events, this compares them. Bodies come from outside: they are only
// ever compared and returned as text, and the work on them is bounded.
import { structuredPatch } from "diff";
import { jsonObjectFields } from "./domain/json";
import { associationFields, relationFields } from "./projection";
import type { FieldChange } from "./queries/changes";

/** Bodies larger than this (either side) get no line diff: pretty-printing and diffing them costs too much per request. */
export const maxDiffBodyBytes = 256 * 1024;
/** jsdiff gives up after this long or this many changed lines (e.g. two unrelated 200 KiB bodies). */
const diffTimeoutMs = 500;
const maxEditLines = 2000;
/** Unchanged lines shown around each change, as `diff -u`. */
export const diffContextLines = 3;

export interface DiffHunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  /** Each line prefixed like a unified diff: "-" only in A, "+" only in B, " " in both. */
  lines: string[];
}

export type RawDiff =
  | { status: "identical" }
  /** hunks is empty when the bodies differ only in bytes the pretty form does not keep (whitespace, escapes). */
  | { status: "compared"; hunks: DiffHunk[] }
  | { status: "too_large"; limitBytes: number }
  | { status: "too_complex" };

/** Which fields `changes` compares: the projection's for two events of one projected kind, else every top-level field. */
export type DiffFields = "association" | "relation" | "body";

export interface BodySide {
  kind: string;
  rawBody: string;
  bodySize: number;
}

/** The body pretty-printed (2-space JSON), or as stored when it is not JSON; always ending in a newline so the last line diffs like the rest. */
export function prettyBody(raw: string): string {
  let text = raw;
  try {
    text = JSON.stringify(JSON.parse(raw), null, 2);
  } catch {
    // Stored bodies are JSON objects (the receiver refuses others); compare the text as is otherwise.
  }
  return text.endsWith("\n") ? text : `${text}\n`;
}

/** A field's value as FieldChange shows it: text as is, other JSON values as JSON, missing or null as null. */
function shown(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  return typeof v === "string" ? v : JSON.stringify(v);
}

function diffFieldsOf(a: Pick<BodySide, "kind">, b: Pick<BodySide, "kind">): DiffFields {
  if (a.kind === b.kind && (a.kind === "association" || a.kind === "relation")) return a.kind;
  return "body";
}

/** The fields whose value differs from A to B, in the projection's field order (or first seen in A, then B). */
export function fieldChangesBetween(a: BodySide, b: BodySide): { fields: DiffFields; changes: FieldChange[] } {
  const fields = diffFieldsOf(a, b);
  const before = jsonObjectFields(a.rawBody);
  const after = jsonObjectFields(b.rawBody);
  const names: readonly string[] =
    fields === "association" ? associationFields : fields === "relation" ? relationFields : [...new Set([...Object.keys(before), ...Object.keys(after)])];
  const changes: FieldChange[] = [];
  for (const field of names) {
    // Own properties only: a body key such as "constructor" or "__proto__" is data, not a lookup into Object.prototype.
    const from = Object.hasOwn(before, field) ? shown(before[field]) : null;
    const to = Object.hasOwn(after, field) ? shown(after[field]) : null;
    if (from !== to) changes.push({ field, from, to });
  }
  return { fields, changes };
}

/** A unified line diff of the two bodies pretty-printed, bounded in size and time. */
export function rawBodyDiff(a: BodySide, b: BodySide): RawDiff {
  if (a.rawBody === b.rawBody) return { status: "identical" };
  if (a.bodySize > maxDiffBodyBytes || b.bodySize > maxDiffBodyBytes) return { status: "too_large", limitBytes: maxDiffBodyBytes };
  const patch = structuredPatch("a", "b", prettyBody(a.rawBody), prettyBody(b.rawBody), undefined, undefined, {
    context: diffContextLines,
    timeout: diffTimeoutMs,
    maxEditLength: maxEditLines,
  });
  if (!patch) return { status: "too_complex" };
  return {
    status: "compared",
    hunks: patch.hunks.map(({ oldStart, oldLines, newStart, newLines, lines }) => ({ oldStart, oldLines, newStart, newLines, lines })),
  };
}
