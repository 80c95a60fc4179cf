// One location as its page and GET /api/locations/{locationId} show it: what the
// database knows (lib/queries/location-detail.ts) and what the configuration adds,
// whether an API token is configured (never the token) and the link into HighLevel.
import { describeStoredLocation, type StoredLocation } from "../queries/location-detail";
import { hasApiToken } from "./api-tokens";
import { locationUrl } from "./links";

export type LocationDetail = StoredLocation & { hasToken: boolean; highLevelUrl: string };

/** The location as far as anything is known of it (zeros and nulls for an id never seen), and whether anything is. */
export async function describeLocation(locationId: string, now = new Date()): Promise<{ detail: LocationDetail; known: boolean }> {
  const { stored, known } = await describeStoredLocation(locationId, now);
  const hasToken = hasApiToken(locationId);
  // The fields in the order the API has always answered them.
  const { locationId: _, locationName, name, apiName, apiNameAt, ...facts } = stored;
  const detail = { locationId, locationName, name, apiName, apiNameAt, hasToken, highLevelUrl: locationUrl(locationId), ...facts };
  return { detail, known: known || hasToken };
}

/**
 * The location, or null when nothing at all is known of it (no delivery, no name,
 * no token). An id that is only named or only has a token is a location too: an
 * operator may set both up before it sends anything.
 */
export async function getLocationDetail(locationId: string): Promise<LocationDetail | null> {
  const { detail, known } = await describeLocation(locationId);
  return known ? detail : null;
}
