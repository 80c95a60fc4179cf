// The one error envelope every route answers with, its one builder, and the one mapper
// from thrown errors to it. A code says why; its status comes from lib/http/error-codes.ts.
import { z } from "zod";
import { isDatabaseUnavailable } from "../db-errors";
import { logger } from "../logger";
import { countDatabaseError } from "../metrics/database-errors";
import { errorStatus, wireCode, type ErrorCode, type ErrorDetails, type ErrorEnvelope, type FieldProblem } from "./error-codes";

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetails,
  ) {
    super(message);
  }

  get status(): number {
    return errorStatus[this.code];
  }
}

/** Seconds a client should wait before retrying a 429 or 503 when the caller knows no better. */
const defaultRetryAfterSeconds = 5;

export function errorResponse(code: ErrorCode, message: string, options: { details?: ErrorDetails; retryAfterSeconds?: number } = {}): Response {
  const { details, retryAfterSeconds } = options;
  const status = errorStatus[code];
  const body: ErrorEnvelope = { error: { code: wireCode(code), message, ...(details === undefined ? {} : { details }) } };
  const headers: Record<string, string> = {};
  // A caller with a better estimate (the receiver's backpressure, the password throttle) passes its own.
  if (status === 503 || status === 429) headers["Retry-After"] = String(retryAfterSeconds ?? defaultRetryAfterSeconds);
  return Response.json(body, { status, headers });
}

export function notFound(what: string): ApiError {
  return new ApiError("not_found", `${what} not found`);
}

/** Zod issues in a stable, readable shape for `details`. */
export function zodDetails(error: z.ZodError): FieldProblem[] {
  return error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
}

export function handleApiError(error: unknown): Response {
  if (error instanceof ApiError) return errorResponse(error.code, error.message, { details: error.details });
  if (error instanceof z.ZodError) return errorResponse("invalid_query", "Invalid query parameters", { details: zodDetails(error) });
  if (isDatabaseUnavailable(error)) {
    countDatabaseError("api");
    logger.warn({ err: describe(error) }, "database unavailable");
    return errorResponse("database_unavailable", "The database is unavailable; try again shortly");
  }
  logger.error({ err: describe(error) }, "unhandled error");
  return errorResponse("internal_error", "Internal error");
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
