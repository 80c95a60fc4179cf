// Transitional: lib/queries/associations.ts still throws this until its cursor check
// moves into the query-string schema (issue 12); then this file goes. It is the one
// ApiError of lib/http/errors.ts, so handleApiError answers it as before.
import { ApiError as HttpApiError } from "./http/errors";
import type { ErrorCode } from "./http/error-codes";

export class ApiError extends HttpApiError {
  constructor(_status: number, code: ErrorCode, message: string, details?: { path: string; message: string }[]) {
    super(code, message, details);
  }
}
