// Requests the receiver must refuse, one for each way a delivery goes wrong in
// practice, so the rejected-requests page shows what each cause looks like.
import type { Definition } from "./associations";
import { alphanumericId } from "./random";
import { day, later, minute } from "./timeline";
import { envelopeBody, type DemoContext, type DemoDelivery } from "./types";

// Above this the oversized example would cost real memory; a limit that high is left unexercised.
const largestOversizedExample = 16 * 1024 * 1024;

export function rejectedDeliveries(ctx: DemoContext, def: Definition, maxBodyBytes: number): DemoDelivery[] {
  const { now } = ctx;
  const cards = { firstObjectToSecondObjectCardinality: "MANY_TO_MANY", secondObjectToFirstObjectCardinality: "MANY_TO_MANY" };
  const create = () => envelopeBody(ctx, "AssociationCreate", def, now - 60_000);
  // Spread over the last week, like stray requests on a live endpoint.
  const refused = (expect: DemoDelivery["expect"], body: string, more: Partial<DemoDelivery> = {}): DemoDelivery => ({
    body,
    signing: "ed25519",
    sendAt: later(ctx.rng, now - 7 * day, now - minute, 1.3),
    expect,
    ...more,
  });
  const list = [
    refused("bad_signature", create(), { signing: "wrong-ed25519" }),
    refused("bad_signature", create(), { signing: "wrong-rsa" }),
    refused("missing_signature", create(), { signing: "none" }),
    refused("missing_signature", create(), { signing: "not-available" }),
    // A misconfigured proxy or form post: not JSON at all.
    refused("invalid_json", `type=AssociationCreate&id=${def.id}&locationId=${def.locationId}`),
    refused("invalid_json", create().slice(0, 90)),
    refused("not_object", JSON.stringify([JSON.parse(create())])),
    // An Update must carry both cardinalities.
    refused("invalid_payload", envelopeBody(ctx, "AssociationUpdate", def, now - 60_000)),
    refused(
      "invalid_payload",
      envelopeBody(
        ctx,
        "RelationCreate",
        {
          id: def.id,
          associationId: def.id,
          locationId: def.locationId,
          firstObjectKey: def.firstObjectKey,
          firstRecordId: "",
          secondObjectKey: def.secondObjectKey,
          secondRecordId: alphanumericId(ctx.rng),
        },
        now - 60_000,
      ),
    ),
    refused("type_mismatch", envelopeBody(ctx, "AssociationDelete", { ...def, ...cards }, now - 60_000), { pathType: "AssociationUpdate" }),
    refused("unknown_event_path", create(), { pathType: "association-create" }),
  ];
  if (maxBodyBytes <= largestOversizedExample) {
    const head = `{"type":"ContactCreate","locationId":"${def.locationId}","notes":"`;
    const tail = `"}`;
    list.push(refused("body_too_large", head + "x".repeat(Math.max(0, maxBodyBytes + 1 - head.length - tail.length)) + tail));
  }
  return list.sort((a, b) => a.sendAt - b.sendAt);
}
