// Shared by the reconcile routes: the location id from the path, and the domain
// errors of lib/reconcile as the one error envelope.
import { ApiError, notFound } from "../http/errors";
import { ApplyRefused } from "./apply";
import { NoApiToken } from "./run";

/** No stored location id is longer than 200 characters or holds NUL. */
export async function locationIdOf(params: Promise<{ locationId: string }>): Promise<string> {
  const { locationId } = await params;
  if (locationId.length === 0 || locationId.length > 200 || locationId.includes("\u0000")) throw notFound("Location");
  return locationId;
}

export function reconcileError(error: unknown): unknown {
  if (error instanceof NoApiToken) {
    return new ApiError("no_api_token", "This location has no HighLevel API token; add one to HIGHLEVEL_API_TOKENS to reconcile it");
  }
  if (error instanceof ApplyRefused) {
    return error.reason === "running" ? new ApiError("reconcile_running", error.message) : new ApiError("no_reconcile_run", error.message);
  }
  return error;
}
