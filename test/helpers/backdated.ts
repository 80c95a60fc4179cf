// Deliveries received "in the past": the real receiver (signature, dedupe, append)
// with a chosen receive time, the seam the demo loader uses, so activity and silence
// can be tested against a history of days without waiting for it.
import { receiveWebhook } from "@/lib/highlevel/receive";
import { signEd25519 } from "./keys";
import { settleProjection } from "./projection";

export async function deliverAt(
  body: Record<string, unknown>,
  receivedAt: Date,
  options: { settle?: boolean } = {},
): Promise<{ status: number; eventId: number | undefined }> {
  const bytes = Buffer.from(JSON.stringify(body));
  const request = new Request("http://localhost:3000/api/webhooks/highlevel", {
    method: "POST",
    headers: { "content-type": "application/json", "x-ghl-signature": signEd25519(bytes) },
    body: bytes,
  });
  const response = await receiveWebhook(request, undefined, receivedAt);
  const answer = (await response.json()) as { eventId?: number };
  if (options.settle !== false) await settleProjection();
  return { status: response.status, eventId: answer.eventId };
}

let n = 0;
/** An event for `locationId` that this app stores but does not project (kind other). */
export function contactEvent(locationId: string): Record<string, unknown> {
  n += 1;
  return { type: "ContactCreate", webhookId: `bd-${Date.now()}-${n}`, id: `c-${n}`, locationId };
}
