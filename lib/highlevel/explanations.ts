// Plain-language explanations shown to operators: what an event kind means and
// what to do about each kind of rejected request.
import type { RejectionCause } from "../domain/values";

export const kindExplanations: Record<string, string> = {
  association: "An association definition event: projected into the association's current state.",
  relation: "A record-level relation event: projected into the relation's current state.",
  other:
    "A HighLevel event of a type this app does not project (for example ContactCreate). It is stored so nothing is lost; unsubscribe from it in your HighLevel app if you do not need it.",
  unclassified:
    'A body without a "type" field on the generic URL, so its event cannot be known (Update and Delete bodies look the same). It is stored so nothing is lost. Use the per-event URLs (…/api/webhooks/highlevel/AssociationUpdate and so on) for deliveries without "type".',
};

export const rejectionExplanations: Record<RejectionCause, string> = {
  missing_signature:
    "No X-GHL-Signature or X-WH-Signature header. HighLevel signs every delivery, so this request probably did not come from HighLevel (or a proxy stripped the headers). Test tools must sign with a key you configure, or run with HIGHLEVEL_WEBHOOK_VERIFY=off.",
  bad_signature:
    "The signature does not match the body with the configured public key. Check HIGHLEVEL_ED25519_PUBLIC_KEY / HIGHLEVEL_RSA_PUBLIC_KEY (unset means HighLevel's published keys), and that no proxy rewrites the body.",
  invalid_json: "The body is not valid UTF-8 JSON. A proxy may be altering or truncating it, or the sender is not HighLevel.",
  not_object: "The body is JSON but not an object (an array, string, number or null). HighLevel always sends an object.",
  invalid_payload:
    "The body lacks a field this event type requires, or a field has the wrong type. The details list each problem; if HighLevel changed its payload, please report it.",
  type_mismatch:
    "The body's \"type\" names a different event than the per-event URL it was sent to. Check the override URLs in your HighLevel app's webhook settings.",
  duplicate_keys:
    "The body has the same key twice in one object. JSON parsers keep only one of them, so what is shown and what is read would differ; HighLevel never sends such a body.",
  foreign_app:
    "The delivery carries another HighLevel app's appId. HighLevel signs every app's webhooks with the same key, so this is a genuine HighLevel delivery meant for a different app: someone pointed that app's webhooks at this URL, or HIGHLEVEL_APP_ID is wrong.",
  unknown_location: "The delivery is for a location that is not in HIGHLEVEL_LOCATION_IDS. Add the location to the list if it is one of yours.",
  unknown_event_path: "The URL's last segment is not one of HighLevel's event names. Check the webhook URL in your HighLevel app settings.",
  body_too_large: "The body is larger than WEBHOOK_MAX_BODY_BYTES. Raise the limit if these are legitimate HighLevel deliveries.",
};
