// JSON objects: what the receiver accepts as a body, and what stored bodies hold.
export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The top-level fields of JSON text that holds an object; {} for any other text (stored bodies are objects: the receiver refuses others). */
export function jsonObjectFields(text: string): JsonObject {
  try {
    const parsed: unknown = JSON.parse(text);
    return isJsonObject(parsed) ? parsed : {};
  } catch {
    return {};
  }
}
