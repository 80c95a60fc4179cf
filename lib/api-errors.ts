// The one error envelope every route answers with, and the one mapper from thrown
// errors to it: { "error": { "code", "message", "details"? } }.
import { z } from "zod";
import { isDatabaseUnavailable } from "./db-errors";
import { logger } from "./logger";
import { countDatabaseError } from "./metrics/database-errors";

export type ErrorCode =
  | "bad_request"
  | "invalid_json"
  | "not_object"
  | "invalid_payload"
  | "type_mismatch"
  | "duplicate_keys"
  | "foreign_app"
  | "unknown_location"
  | "invalid_query"
  | "missing_signature"
  | "bad_signature"
  | "body_too_large"
  | "not_found"
  | "unauthorized"
  | "too_many_attempts"
  | "conflict"
  | "database_unavailable"
  | "storage_unavailable"
  | "too_many_exports"
  | "no_api_token"
  | "reconcile_running"
  | "no_reconcile_run"
  | "cross_site_request"
  | "internal_error";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export function errorResponse(status: number, code: ErrorCode, message: string, details?: unknown): Response {
  const body = { error: details === undefined ? { code, message } : { code, message, details } };
  const headers: Record<string, string> = {};
  // A caller with a better estimate (the receiver's backpressure) sets its own.
  if (status === 503 || status === 429) headers["Retry-After"] = "5";
  return Response.json(body, { status, headers });
}

export function notFound(what: string): ApiError {
  return new ApiError(404, "not_found", `${what} not found`);
}

/** Zod issues in a stable, readable shape for `details`. */
export function zodDetails(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
}

export function handleApiError(error: unknown): Response {
  if (error instanceof ApiError) return errorResponse(error.status, error.code, error.message, error.details);
  if (error instanceof z.ZodError) {
    return errorResponse(400, "invalid_query", "Invalid query parameters", zodDetails(error));
  }
  if (isDatabaseUnavailable(error)) {
    countDatabaseError("api");
    logger.warn({ err: describe(error) }, "database unavailable");
    return errorResponse(503, "database_unavailable", "The database is unavailable; try again shortly");
  }
  logger.error({ err: describe(error) }, "unhandled error");
  return errorResponse(500, "internal_error", "Internal error");
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
