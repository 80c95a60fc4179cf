// Reads the envelope fields real deliveries carry beside the event fields
// (type, webhookId, timestamp, locationId, id) from any parsed JSON object.
import type { JsonObject } from "../domain/json";

// The receiver's modules and tests read JSON objects through this module.
export { isJsonObject, type JsonObject } from "../domain/json";

// A NUL character counts as absent: PostgreSQL text columns cannot hold it. So does an
// unpaired surrogate (a "\ud800" escape): UTF-8 cannot encode it, so the stored value
// would differ, and two different webhookIds could be stored as the same one.
const loneSurrogate = /[\uD800-\uDFFF]/u;
function nonEmptyString(value: unknown, max = 200): string | null {
  return typeof value === "string" && value.trim() !== "" && value.length <= max && !value.includes("\u0000") && !loneSurrogate.test(value) ? value : null;
}

export function envelopeOf(body: JsonObject) {
  return {
    type: nonEmptyString(body.type, 100),
    webhookId: nonEmptyString(body.webhookId),
    timestamp: parseTimestamp(body.timestamp),
    locationId: nonEmptyString(body.locationId),
    id: nonEmptyString(body.id),
    associationId: nonEmptyString(body.associationId),
  };
}

// Timestamps outside 1970..9999 count as absent: a number beyond JavaScript's Date
// range would be an Invalid Date (a failed insert, a 503 retried forever), and years
// past 9999 are not portable across SQLite and PostgreSQL date handling.
const latestTimestamp = Date.UTC(10000, 0, 1);

/** ISO 8601 text or epoch milliseconds; anything else counts as absent. */
export function parseTimestamp(value: unknown): Date | null {
  let ms: number;
  if (typeof value === "number") ms = value;
  else if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}T/.test(value)) ms = Date.parse(value);
  else return null;
  return Number.isFinite(ms) && ms > 0 && ms < latestTimestamp ? new Date(ms) : null;
}
