// "What did this event change?": replays events in order over the tracked fields
// and reports, for each event, the fields whose value differs from the state
// before it.
import { eventRank, isHandledEventType } from "../domain/events";
import { jsonObjectFields, type JsonObject } from "../domain/json";

export interface FieldChange {
  field: string;
  from: string | null;
  to: string | null;
}

export interface StoredEvent {
  id: number;
  type: string | null;
  occurredAt: Date;
  rawBody: Uint8Array;
}

export function bodyFields(rawBody: Uint8Array): JsonObject {
  return jsonObjectFields(Buffer.from(rawBody).toString("utf8"));
}

function rankOf(type: string | null): number {
  return type && isHandledEventType(type) ? eventRank(type) : 0;
}

/** What the projection orders events by. */
export type EventOrderKey = Omit<StoredEvent, "rawBody">;

/** The projection's order: event time, then Delete > Update > Create, then arrival (id). */
export function projectionOrder(a: EventOrderKey, b: EventOrderKey): number {
  return a.occurredAt.getTime() - b.occurredAt.getTime() || rankOf(a.type) - rankOf(b.type) || a.id - b.id;
}

/** Events sorted like the projection orders them, each with its changes. */
export function changedFields<E extends StoredEvent>(events: E[], fields: readonly string[]) {
  const sorted = [...events].sort(projectionOrder);
  const state: Record<string, string | null> = {};
  return sorted.map((event) => {
    const body = bodyFields(event.rawBody);
    const changes: FieldChange[] = [];
    for (const field of fields) {
      const value = body[field];
      if (typeof value !== "string") continue;
      const before = state[field] ?? null;
      if (before !== value) changes.push({ field, from: before, to: value });
      state[field] = value;
    }
    return { event, changes };
  });
}
