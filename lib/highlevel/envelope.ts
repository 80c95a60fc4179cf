// Reads the envelope fields real deliveries carry beside the event fields
// (type, webhookId, timestamp, locationId, id) from any parsed JSON object.
export type JsonObject = Record<string, unknown>;

function nonEmptyString(value: unknown, max = 200): string | null {
  return typeof value === "string" && value.trim() !== "" && value.length <= max ? value : null;
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

/** ISO 8601 text or epoch milliseconds; anything else counts as absent. */
export function parseTimestamp(value: unknown): Date | null {
  if (typeof value === "number" && Number.isFinite(value) && value > 0) return new Date(value);
  if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}T/.test(value)) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms);
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
