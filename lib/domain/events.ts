// The HighLevel association events we project, and their payload schemas.
// Field lists follow HighLevel's marketplace webhook docs (one page per event under
// /docs/webhook/; their example bodies are in test/fixtures/highlevel/); unknown extra
// fields are allowed (`looseObject`) because the raw body is kept as received anyway.
import { z } from "zod";
import { isOneOf } from "./values";

const associationEventTypes = ["AssociationCreate", "AssociationUpdate", "AssociationDelete"] as const;
const relationEventTypes = ["RelationCreate", "RelationDelete"] as const;
export const handledEventTypes = [...associationEventTypes, ...relationEventTypes] as const;

export type AssociationEventType = (typeof associationEventTypes)[number];
export type RelationEventType = (typeof relationEventTypes)[number];
export type HandledEventType = (typeof handledEventTypes)[number];

/** What the receiver knows about a stored event: projected, stored only, or no type at all. */
export const eventKinds = ["association", "relation", "other", "unclassified"] as const;
export type EventKind = (typeof eventKinds)[number];

// No NUL characters: PostgreSQL text columns cannot hold them (the insert would fail
// and the receiver answer 503, retried forever), so such a payload is a 400.
// Nor unpaired surrogates (JSON escapes like "\ud800"): UTF-8 cannot encode them, so
// the database would store replacement characters instead of the signed value.
const noNul = (s: string) => !s.includes("\u0000");
const loneSurrogate = /[\uD800-\uDFFF]/u;
const wellFormed = (s: string) => !loneSurrogate.test(s);
const checked = (schema: z.ZodString) => schema.refine(noNul, "must not contain NUL characters").refine(wellFormed, "must not contain unpaired surrogates");
const id = checked(z.string().min(1).max(200));
const text = checked(z.string().max(1000));
// Envelope fields that real deliveries carry beside the event fields.
// They are read leniently (see lib/highlevel/envelope.ts): a malformed envelope
// field must not cost an otherwise valid delivery.
const envelope = {
  type: z.string().optional(),
};

const associationFields = {
  ...envelope,
  id,
  associationType: text,
  firstObjectKey: text,
  firstObjectLabel: text,
  secondObjectKey: text,
  secondObjectLabel: text,
  key: text,
  locationId: id,
};

// The docs' Create example has no cardinalities, but the projection copies them when
// present, so they are bounded text here too (never an unchecked megabyte string).
export const associationCreateSchema = z.looseObject({
  ...associationFields,
  firstObjectToSecondObjectCardinality: text.optional(),
  secondObjectToFirstObjectCardinality: text.optional(),
});

const associationChangeSchema = z.looseObject({
  ...associationFields,
  firstObjectToSecondObjectCardinality: text,
  secondObjectToFirstObjectCardinality: text,
});

export const relationSchema = z.looseObject({
  ...envelope,
  id,
  firstObjectKey: text,
  firstRecordId: id,
  secondObjectKey: text,
  secondRecordId: id,
  associationId: id,
  locationId: id,
});

export type AssociationPayload = z.infer<typeof associationCreateSchema>;
export type RelationPayload = z.infer<typeof relationSchema>;

/** What an event type's payload parses to: the narrowed type of `payloadSchemas[type]`'s output. */
export type PayloadOf<T extends HandledEventType> = T extends AssociationEventType ? AssociationPayload : RelationPayload;

// Mapped per type, so indexing with a narrowed type (an AssociationEventType, say)
// gives a schema whose output is that kind's payload, with no cast at the caller.
export const payloadSchemas: { [T in HandledEventType]: z.ZodType<PayloadOf<T>> } = {
  AssociationCreate: associationCreateSchema,
  AssociationUpdate: associationChangeSchema,
  AssociationDelete: associationChangeSchema,
  RelationCreate: relationSchema,
  RelationDelete: relationSchema,
};

export function isHandledEventType(type: string): type is HandledEventType {
  return isOneOf(handledEventTypes, type);
}

export function isAssociationEventType(type: string): type is AssociationEventType {
  return isOneOf(associationEventTypes, type);
}

/**
 * Every webhook event HighLevel documents (marketplace "Webhook Events" list), the
 * only names a per-event URL accepts: any other last segment is a 404, so arbitrary
 * paths cannot mint new dedupe keys (the URL's type is part of the key of a body
 * without webhookId). The five we project are among them; the rest are stored as
 * "other". Add a name here when HighLevel documents a new event.
 */
export const highlevelEventTypes = [
  ...handledEventTypes,
  "INSTALL",
  "UNINSTALL",
  "PlanChange",
  "ExternalAuthConnected",
  "AppointmentCreate",
  "AppointmentUpdate",
  "AppointmentDelete",
  "CampaignStatusUpdate",
  "ContactCreate",
  "ContactUpdate",
  "ContactDelete",
  "ContactDndUpdate",
  "ContactTagUpdate",
  "ConversationUnreadUpdate",
  "ConversationProviderOutboundMessage",
  "InboundMessage",
  "OutboundMessage",
  "ProviderOutboundMessage",
  "LCEmailStats",
  "InvoiceCreate",
  "InvoiceUpdate",
  "InvoiceDelete",
  "InvoiceSent",
  "InvoicePaid",
  "InvoicePartiallyPaid",
  "InvoiceVoid",
  "LocationCreate",
  "LocationUpdate",
  "NoteCreate",
  "NoteUpdate",
  "NoteDelete",
  "ObjectSchemaCreate",
  "ObjectSchemaUpdate",
  "RecordCreate",
  "RecordUpdate",
  "RecordDelete",
  "OpportunityCreate",
  "OpportunityUpdate",
  "OpportunityDelete",
  "OpportunityAssignedToUpdate",
  "OpportunityMonetaryValueUpdate",
  "OpportunityStageUpdate",
  "OpportunityStatusUpdate",
  "OrderCreate",
  "OrderStatusUpdate",
  "PriceCreate",
  "PriceUpdate",
  "PriceDelete",
  "ProductCreate",
  "ProductUpdate",
  "ProductDelete",
  "TaskCreate",
  "TaskComplete",
  "TaskDelete",
  "UserCreate",
  "UserUpdate",
  "UserDelete",
  "VoiceAiCallEnd",
] as const;
export type HighLevelEventType = (typeof highlevelEventTypes)[number];

export function isHighLevelEventType(name: string): name is HighLevelEventType {
  return isOneOf(highlevelEventTypes, name);
}

/** Precedence among events with the same time: a Delete outranks an Update outranks a Create. */
export function eventRank(type: HandledEventType): number {
  if (type.endsWith("Delete")) return 3;
  if (type.endsWith("Update")) return 2;
  return 1;
}
