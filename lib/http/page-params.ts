// Pages parse their searchParams with the same zod schemas as the JSON API, and
// show invalid ones as a message instead of failing.
import type { z } from "zod";
import { paramsRecord } from "../filters/common";

export type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export type ParsedParams<T> = { ok: true; data: T } | { ok: false; issues: { path: string; message: string }[] };

export function parsePageParams<S extends z.ZodType>(schema: S, params: Record<string, string | string[] | undefined>): ParsedParams<z.infer<S>> {
  const parsed = schema.safeParse(paramsRecord(params));
  if (parsed.success) return { ok: true, data: parsed.data };
  return { ok: false, issues: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })) };
}
