// Links into HighLevel's own app, on the agency's app domain (HIGHLEVEL_APP_URL:
// white-labelled agencies have their own). Only pages whose address HighLevel
// documents get a link; other object types get none rather than a guess.
import { env } from "../env";

const part = (s: string) => encodeURIComponent(s);

/** The location (sub-account) in HighLevel. */
export function locationUrl(locationId: string, base = env().HIGHLEVEL_APP_URL): string {
  return `${base}/v2/location/${part(locationId)}`;
}

/** A record's page, when its object type has a known address (contacts only); else null. */
export function recordUrl(objectKey: string, locationId: string, recordId: string, base = env().HIGHLEVEL_APP_URL): string | null {
  if (objectKey !== "contact") return null;
  return `${locationUrl(locationId, base)}/contacts/detail/${part(recordId)}`;
}
