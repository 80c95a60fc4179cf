// What the receiver hands to storage: one verified, parsed delivery.
import type { AssociationPayload, EventKind, RelationPayload } from "../domain/events";
import type { EventRoute, SignedForm, Verification } from "../domain/values";

interface BaseEvent {
  dedupeKey: string;
  webhookId: string | null;
  locationId: string | null;
  subjectId: string | null;
  associationId: string | null;
  eventTimestamp: Date | null;
  receivedAt: Date;
  /** reconciled: a synthetic event applied from a reconciliation finding, not a HighLevel delivery. */
  verification: Verification;
  signedForm: SignedForm | null;
  route: EventRoute;
  headers: Record<string, string>;
  /** What HighLevel signed: the raw body, or its canonical JSON form. */
  rawBody: Uint8Array<ArrayBuffer>;
  /** The received bytes' hash and size, when they differ from rawBody (JSON-form signature). */
  received: { sha256: string; size: number } | null;
}

export type IncomingEvent = BaseEvent &
  (
    | { kind: "association"; type: string; rank: number; isDelete: boolean; payload: AssociationPayload }
    | { kind: "relation"; type: string; rank: number; isDelete: boolean; payload: RelationPayload }
    | { kind: Exclude<EventKind, "association" | "relation">; type: string | null }
  );

export interface RecordResult {
  status: "stored" | "duplicate";
  eventId: number;
}
