// JSON objects: what the receiver accepts as a body, and what stored bodies and
// stored request headers hold.
import { z } from "zod";

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

const storedHeaders = z.record(z.string(), z.string());

/** The request headers an event or a rejected request keeps (JSON of an object of strings, written by the receiver). */
export function parseStoredHeaders(text: string): Record<string, string> {
  return storedHeaders.parse(JSON.parse(text));
}
