// The closed sets of values the app stores and filters on. The database keeps them
// as text (SQLite has no enum type, and the receiver's raw inserts bind text), so
// these lists are what a row is checked against when it is read (`oneOf`) and what
// the filters accept. Every layer imports them from here, never from each other.

/** Whether `value` is one of `values`: the one check that narrows stored text to its union. */
export function isOneOf<T extends string>(values: readonly T[], value: string): value is T {
  return values.some((v) => v === value);
}

/** `value` as one of `values`, or an error naming the column: a stored value outside its set is corrupt data. */
export function oneOf<T extends string>(values: readonly T[], value: string, column: string): T {
  if (isOneOf(values, value)) return value;
  throw new Error(`${column} holds ${JSON.stringify(value)}, not one of ${values.join(", ")}`);
}

/** An association's or relation's lifecycle. */
export const associationStatuses = ["active", "deleted"] as const;
export type AssociationStatus = (typeof associationStatuses)[number];

export const associationTypes = ["USER_DEFINED", "SYSTEM_DEFINED"] as const;

/** How a stored event was proven to come from HighLevel; "reconciled" ones were applied from the Associations API. */
export const verifications = ["ed25519", "rsa", "unverified", "reconciled"] as const;
export type Verification = (typeof verifications)[number];

/** Which form of the body a signature matched: the bytes as received, or their canonical JSON form. */
const signedForms = ["raw", "json"] as const;
export type SignedForm = (typeof signedForms)[number];

/** Which URL delivered an event: the generic one, its event type's own path, or none (applied by a reconciliation). */
const eventRoutes = ["generic", "path", "reconcile"] as const;
export type EventRoute = (typeof eventRoutes)[number];

/** Why the receiver refused a request (the rejected log's `cause`). */
export const rejectionCauses = [
  "invalid_json",
  "not_object",
  "invalid_payload",
  "type_mismatch",
  "duplicate_keys",
  "unknown_event_path",
  "foreign_app",
  "unknown_location",
  "missing_signature",
  "bad_signature",
  "body_too_large",
] as const;
export type RejectionCause = (typeof rejectionCauses)[number];

/** A location's installState, with "unknown" for one no INSTALL/UNINSTALL ever named. */
export const locationStates = ["installed", "uninstalled", "unknown"] as const;
export type LocationState = (typeof locationStates)[number];

export const alertRuleNames = ["silence", "rejections", "signature_failures", "receiver_429", "projection_lag", "database_unreachable"] as const;
export type AlertRule = (typeof alertRuleNames)[number];

export const alertStatuses = ["open", "acknowledged", "resolved"] as const;
export type AlertStatus = (typeof alertStatuses)[number];

export const runStatuses = ["running", "done", "failed"] as const;
export type RunStatus = (typeof runStatuses)[number];

export const runTriggers = ["manual", "schedule", "demo"] as const;
export type RunTrigger = (typeof runTriggers)[number];

/** Which time a past state is cut by: the event's own time, or when this monitor received it. */
export const stateBases = ["event", "received"] as const;
export type StateBasis = (typeof stateBases)[number];

export const findingKinds = [
  "missed_create",
  "missed_delete",
  "changed",
  "present_after_delete",
  "missed_relation_create",
  "missed_relation_delete",
  "token_rejected",
] as const;
export type FindingKind = (typeof findingKinds)[number];
