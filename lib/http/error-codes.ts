// Every error code the app answers with and the HTTP status it answers with (dub's
// errorCodeToHttpStatus): a route names the code, the status follows from it. The
// envelope's shape is here too, for the dashboard's client components that read it
// (this file imports nothing of the server's, so the browser bundle can take it).
import { z } from "zod";
import type { RejectionCause } from "../domain/values";

/** Why a request failed: each of the receiver's rejection causes, and the app's own codes. */
export type ErrorCode =
  | RejectionCause
  | "bad_request"
  | "unsupported_media_type"
  | "invalid_query"
  | "unauthorized"
  | "cross_site_request"
  | "not_found"
  | "no_reconcile_run"
  | "conflict"
  | "no_api_token"
  | "reconcile_running"
  | "too_many_attempts"
  | "too_many_exports"
  | "storage_unavailable"
  | "internal_error"
  | "database_unavailable";

export const errorStatus = {
  bad_request: 400,
  unsupported_media_type: 415,
  invalid_query: 400,
  invalid_json: 400,
  not_object: 400,
  invalid_payload: 400,
  type_mismatch: 400,
  duplicate_keys: 400,
  unknown_event_path: 404,
  missing_signature: 401,
  bad_signature: 401,
  unauthorized: 401,
  foreign_app: 403,
  unknown_location: 403,
  cross_site_request: 403,
  not_found: 404,
  no_reconcile_run: 404,
  conflict: 409,
  no_api_token: 409,
  reconcile_running: 409,
  body_too_large: 413,
  too_many_attempts: 429,
  too_many_exports: 429,
  // The receiver's "could not store, retry": HighLevel retries a 429 and nothing else.
  storage_unavailable: 429,
  internal_error: 500,
  database_unavailable: 503,
} as const satisfies Record<ErrorCode, number>;

// A code of its own where the status or the log needs one, answered on the wire as the
// older, broader code clients already see: a URL naming no HighLevel event is logged as
// unknown_event_path but answers like any unknown path, and a body not declared JSON
// answers 415 with the bad_request code it always had.
const wireAliases = {
  unknown_event_path: "not_found",
  unsupported_media_type: "bad_request",
} as const satisfies Partial<Record<ErrorCode, ErrorCode>>;

type AliasedCode = keyof typeof wireAliases;
const isAliased = (code: ErrorCode): code is AliasedCode => Object.hasOwn(wireAliases, code);

/** The codes a client can see in an envelope. */
export type WireCode = Exclude<ErrorCode, AliasedCode>;

export function wireCode(code: ErrorCode): WireCode {
  return isAliased(code) ? wireAliases[code] : code;
}

/** A field that failed validation (zod issues, flattened). */
export interface FieldProblem {
  path: string;
  message: string;
}

/** What `details` may hold: the fields that failed, or named facts about the failure. */
export type ErrorDetails = FieldProblem[] | Record<string, unknown>;

/** The body of every error answer: { "error": { "code", "message", "details"? } }. */
export interface ErrorEnvelope {
  error: { code: WireCode; message: string; details?: ErrorDetails };
}

/** An envelope as a browser reads it: the code is whatever the server sent. */
const readEnvelope = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.union([z.array(z.object({ path: z.string(), message: z.string() })), z.record(z.string(), z.unknown())]).optional(),
  }),
});

/** The envelope of a failed answer, or null when the body is none (a proxy's HTML page, a cut connection). */
export async function readErrorEnvelope(response: Response): Promise<z.infer<typeof readEnvelope>["error"] | null> {
  const body: unknown = await response.json().catch(() => null);
  return readEnvelope.safeParse(body).data?.error ?? null;
}
