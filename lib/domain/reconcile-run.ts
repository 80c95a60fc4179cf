// A reconciliation run's JSON as schemas: what a run stores as text (its progress,
// the responses it could not understand) and the run as the reconcile API answers
// it. The server reads its stored JSON through them and the location page reads
// the API's answers through them, so neither trusts a shape it was merely told.
import { z } from "zod";
import { runStatuses } from "./values";

export const runProgressSchema = z.object({
  phase: z.enum(["starting", "location", "associations", "relations", "saving", "done", "failed"]),
  pages: z.number(),
  associationsFetched: z.number(),
  rowsCompared: z.number(),
  relationRecords: z.object({ checked: z.number(), total: z.number() }),
  calls: z.number(),
  retries: z.number(),
  waitedMs: z.number(),
});
export type RunProgress = z.infer<typeof runProgressSchema>;

export const unparsedResponsesSchema = z.array(z.object({ path: z.string(), status: z.number().nullable(), note: z.string(), body: z.string() }));
export type UnparsedResponse = z.infer<typeof unparsedResponsesSchema>[number];

/** Our row and HighLevel's, as a finding keeps them for evidence. */
const evidence = z.record(z.string(), z.unknown()).nullable();

/** A finding as the API answers it (times as ISO 8601 text). */
const findingJsonSchema = z.object({
  id: z.number(),
  kind: z.string(),
  associationId: z.string().nullable(),
  relationId: z.string().optional(),
  fields: z.array(z.string()).optional(),
  ours: evidence,
  theirs: evidence,
  lastHeardAt: z.string().nullable(),
  appliedAt: z.string().nullable(),
  appliedEventId: z.number().nullable(),
});
export type FindingJson = z.infer<typeof findingJsonSchema>;

/** A run as GET/POST /api/locations/{locationId}/reconcile answer it. */
export const runJsonSchema = z.object({
  id: z.number(),
  status: z.enum(runStatuses),
  trigger: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  progress: runProgressSchema,
  findings: z.array(findingJsonSchema),
  error: z.string().optional(),
  unparsed: unparsedResponsesSchema.optional(),
});
export type RunJson = z.infer<typeof runJsonSchema>;
