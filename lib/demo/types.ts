// Shapes shared by the demo data set's builders and its loader.
import type { RejectionCause } from "../domain/values";
import { uuid, type Rng } from "./random";

/** How the loader signs a delivery (it holds the throwaway keys; the data set does not). */
export type Signing =
  | "ed25519" // X-GHL-Signature over the raw bytes
  | "ed25519-json" // X-GHL-Signature over JSON.stringify of the parsed body, as HighLevel's SDK signs
  | "rsa" // legacy X-WH-Signature
  | "none"
  | "not-available" // X-GHL-Signature: N/A, which HighLevel sends for "no signature"
  | "wrong-ed25519" // signed with a key the receiver does not know
  | "wrong-rsa";

export interface DemoDelivery {
  /** The exact body text, sent as UTF-8. */
  body: string;
  /** Per-event URL segment (`/api/webhooks/highlevel/{pathType}`); the generic URL when absent. */
  pathType?: string;
  signing: Signing;
  /** Sending order only (epoch ms): usually the body's timestamp, later for a delayed or re-sent one. */
  sendAt: number;
  /** "accepted" (stored, or a duplicate of an earlier delivery), or the cause it must be refused with. */
  expect: "accepted" | RejectionCause;
}

/** What the builders share: the seeded stream, "now", and the app the deliveries seem to come from. */
export interface DemoContext {
  rng: Rng;
  now: number;
  /** Where a location's two weeks begin when its stream ends before now (a silent or uninstalled location). */
  historyStart?: number;
  appId: string;
  versionId: string;
}

/** A body with the envelope real deliveries carry (type, app, timestamp, webhookId), as compact JSON. */
export function envelopeBody(ctx: DemoContext, type: string, fields: Record<string, string>, at: number): string {
  return JSON.stringify({
    type,
    locationId: fields.locationId,
    versionId: ctx.versionId,
    appId: ctx.appId,
    ...fields,
    timestamp: new Date(at).toISOString(),
    webhookId: uuid(ctx.rng),
  });
}
