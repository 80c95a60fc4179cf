// Which locations have a HighLevel API token (HIGHLEVEL_API_TOKENS). Pages and APIs
// only ever learn whether a location has one; the token itself goes from here to
// the API client's Authorization header and nowhere else.
import { env } from "../env";

export function hasApiToken(locationId: string): boolean {
  return env().apiTokens.has(locationId);
}

/** The locations with a token, for the reconciliation schedule. */
export function locationsWithApiTokens(): string[] {
  return [...env().apiTokens.keys()];
}

/** For lib/reconcile only: the token to call HighLevel with. */
export function apiTokenFor(locationId: string): string | null {
  return env().apiTokens.get(locationId) ?? null;
}
