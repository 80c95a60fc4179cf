// The webhook receiver: limit → verify signature on the raw bytes → parse →
// classify and validate → append to the event log (group commit) → answer.
// Projection happens afterwards (lib/projector/). Every refusal of the sender's
// request is recorded in the rejected log with its cause; a 2xx is sent only after
// the commit. HighLevel retries only a 429, so a delivery we cannot store is
// answered 429 + Retry-After, never 5xx.
import { createHash } from "node:crypto";
import type { z } from "zod";
import { env } from "../env";
import { logger } from "../logger";
import type { ErrorDetails } from "../http/error-codes";
import { ApiError, errorResponse, zodDetails } from "../http/errors";
import { BodyAborted, readBodyLimited } from "../http/read-body";
import type { IncomingEvent } from "../queries/ingest-types";
import { recordEvent, StorageRefusal } from "../queries/ingest-queue";
import { countAborted } from "../receiver-stats";
import { finishDelivery, startDelivery, type DeliveryNote } from "../metrics/delivery";
import { recordRejected } from "../queries/rejected";
import type { RejectionCause } from "../domain/values";
import { envelopeOf, isJsonObject, type JsonObject } from "./envelope";
import { eventRank, isAssociationEventType, isHandledEventType, isHighLevelEventType, payloadSchemas } from "../domain/events";
import { selectHeaders } from "./request-headers";
import { findDuplicateKey } from "./duplicate-keys";
import { hasSignatureHeader, loadVerificationKeys, verifySignature, type SignatureResult, type VerificationKeys } from "./signature";

let keys: { source: string; keys: VerificationKeys } | undefined;
function verificationKeys(): VerificationKeys {
  const { ed25519PublicKey, rsaPublicKey } = env();
  const source = ed25519PublicKey + rsaPublicKey;
  if (keys?.source !== source) keys = { source, keys: loadVerificationKeys(ed25519PublicKey, rsaPublicKey) };
  return keys.keys;
}

const rejectedLogWaitMs = 500;

// Messages embed request content (a type value, a JSON.parse error quoting the
// body): bounded, so a refused request cannot write a large message into the log.
const maxMessageChars = 300;
const bounded = (message: string) => (message.length <= maxMessageChars ? message : `${message.slice(0, maxMessageChars - 1)}…`);

/** A refusal of the sender's request: its code is the cause the rejected log records. */
class Rejection extends ApiError {
  constructor(
    readonly code: RejectionCause,
    message: string,
    details?: ErrorDetails,
    /** The refusal came before the body was read to its end. */
    readonly unreadBody = false,
  ) {
    super(code, bounded(message), details);
  }
}

/** An unsigned request is refused once this much of its body is read (HIGHLEVEL_WEBHOOK_VERIFY=enforce). */
const unsignedReadLimit = 64 * 1024;

// ignoreBOM keeps a leading byte-order mark, so JSON.parse refuses it: JSON must not
// start with one (RFC 8259), and the stored body is read back without stripping it
// (history, CSV export), which would then find no fields in an accepted body.
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

function parseBody(raw: Uint8Array): JsonObject {
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    throw new Rejection("invalid_json", "Body is not valid UTF-8");
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Rejection("invalid_json", `Body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!isJsonObject(parsed)) throw new Rejection("not_object", "Body must be a JSON object");
  const duplicate = findDuplicateKey(text);
  if (duplicate) {
    throw new Rejection(
      "duplicate_keys",
      `Body has the key ${JSON.stringify(duplicate.key.slice(0, 100))} twice in the same object (${duplicate.path.slice(0, 100)})`,
    );
  }
  return parsed;
}

// Distributes over the IncomingEvent union (a plain Omit would merge its members).
type Classified = IncomingEvent extends infer E ? (E extends unknown ? Omit<E, keyof Common> : never) : never;
type Common = Pick<
  IncomingEvent,
  "dedupeKey" | "webhookId" | "eventTimestamp" | "receivedAt" | "verification" | "signedForm" | "route" | "headers" | "rawBody" | "received"
>;

function classify(body: JsonObject, pathType: string | undefined): Classified {
  const envelope = envelopeOf(body);
  if (pathType && body.type !== undefined && body.type !== pathType) {
    const given = typeof body.type === "string" ? body.type.slice(0, 100) : body.type;
    throw new Rejection("type_mismatch", `Body type ${JSON.stringify(given)?.slice(0, 120)} does not match the URL's event type ${pathType}`);
  }
  const type = pathType ?? envelope.type;
  const common = { locationId: envelope.locationId, subjectId: envelope.id, associationId: envelope.associationId };
  if (!type) return { ...common, kind: "unclassified", type: null };
  if (!isHandledEventType(type)) return { ...common, kind: "other", type };

  const projected = { type, rank: eventRank(type), isDelete: type.endsWith("Delete") };
  if (isAssociationEventType(type)) {
    const payload = checkedPayload(payloadSchemas[type], body, type);
    return { ...projected, kind: "association", payload, locationId: payload.locationId, subjectId: payload.id, associationId: payload.id };
  }
  const payload = checkedPayload(payloadSchemas[type], body, type);
  return { ...projected, kind: "relation", payload, locationId: payload.locationId, subjectId: payload.id, associationId: payload.associationId };
}

/** The body as a `type` payload (the schema narrowed with the type, so no cast), or a 400 saying what is wrong. */
function checkedPayload<P>(schema: z.ZodType<P>, body: JsonObject, type: string): P {
  const result = schema.safeParse(body);
  if (!result.success) throw new Rejection("invalid_payload", `Body is not a valid ${type} payload`, zodDetails(result.error));
  return result.data;
}

/**
 * webhookId when the body has one (stable across HighLevel's retries). Otherwise a
 * hash of the raw bytes *and the URL's event type*: Update and Delete bodies (and
 * RelationCreate/RelationDelete) are byte-identical in HighLevel's examples, so
 * bytes alone would swallow a Delete as a duplicate of its Update.
 */
function dedupeKeyOf(webhookId: string | null, pathType: string | undefined, raw: Uint8Array): string {
  if (webhookId) return `wh:${webhookId}`;
  const hash = createHash("sha256")
    .update(pathType ?? "")
    .update("\u0000")
    .update(raw)
    .digest("hex");
  return `sha256:${hash}`;
}

function verificationOf(result: SignatureResult | null): Pick<Common, "verification" | "signedForm"> {
  return result?.ok ? { verification: result.algorithm, signedForm: result.form } : { verification: "unverified", signedForm: null };
}

/**
 * Which app and locations a delivery is for, against HIGHLEVEL_APP_ID/CLIENT_ID and
 * HIGHLEVEL_LOCATION_IDS. A body without `appId` (the docs' examples) cannot say, so it
 * is accepted (the event page says so); a bulk INSTALL lists `locationIds`, and is
 * accepted when one of them is ours.
 */
function checkAllowed(body: JsonObject, allowedApps: ReadonlySet<string>, allowedLocations: ReadonlySet<string>): void {
  const appId = body.appId;
  if (allowedApps.size > 0 && appId !== undefined && appId !== null && !(typeof appId === "string" && allowedApps.has(appId))) {
    throw new Rejection("foreign_app", `The delivery is for HighLevel app ${JSON.stringify(appId)?.slice(0, 80)}, not one of HIGHLEVEL_APP_ID`);
  }
  if (allowedLocations.size === 0) return;
  const listed = [body.locationId, ...(Array.isArray(body.locationIds) ? body.locationIds : [])].filter((v) => v !== undefined && v !== null);
  if (listed.length > 0 && !listed.some((v) => typeof v === "string" && allowedLocations.has(v))) {
    throw new Rejection("unknown_location", `The delivery is for location ${JSON.stringify(listed[0])?.slice(0, 80)}, not one of HIGHLEVEL_LOCATION_IDS`);
  }
}

/**
 * `receivedAt` is for the demo loader only (lib/demo/), which replays two weeks of
 * history so the dashboard's per-day figures have something to show; HTTP routes
 * never pass it, so real deliveries always carry their true receive time.
 */
export async function receiveWebhook(request: Request, pathType?: string, receivedAt = new Date()): Promise<Response> {
  // Counted for /api/metrics once the answer is ready: in-memory, nothing awaited.
  const note = startDelivery();
  try {
    return await receive(request, pathType, receivedAt, note);
  } finally {
    finishDelivery(note);
  }
}

async function receive(request: Request, pathType: string | undefined, receivedAt: Date, note: DeliveryNote): Promise<Response> {
  note.type = pathType ?? null;
  const config = env();
  const url = new URL(request.url);
  let raw: Uint8Array<ArrayBuffer> = new Uint8Array();
  let size = 0;
  try {
    if (pathType !== undefined && !isHighLevelEventType(pathType)) {
      throw new Rejection("unknown_event_path", `No webhook endpoint for event type ${JSON.stringify(pathType.slice(0, 100))}`, undefined, true);
    }
    const enforce = config.HIGHLEVEL_WEBHOOK_VERIFY === "enforce";
    // Junk without a signature header is refused after a small read, never a large one.
    const unsigned = enforce && !hasSignatureHeader(request.headers);
    const limit = unsigned ? Math.min(config.WEBHOOK_MAX_BODY_BYTES, unsignedReadLimit) : config.WEBHOOK_MAX_BODY_BYTES;
    const body = await readBodyLimited(request, limit, config.REJECTED_BODY_PREFIX_BYTES);
    if (!body.ok) {
      raw = body.prefix;
      size = body.size;
      if (unsigned) throw new Rejection("missing_signature", "No X-GHL-Signature or X-WH-Signature header", undefined, true);
      throw new Rejection("body_too_large", `Body is larger than WEBHOOK_MAX_BODY_BYTES (${config.WEBHOOK_MAX_BODY_BYTES} bytes)`, undefined, true);
    }
    raw = body.bytes;
    size = raw.byteLength;

    const signature = verifySignature(raw, request.headers, verificationKeys());
    if (!signature.ok && enforce) throw new Rejection(signature.reason, signature.message);
    const parsed = parseBody(raw);
    const envelope = envelopeOf(parsed);
    note.type ??= envelope.type;
    checkAllowed(parsed, config.allowedAppIds, config.allowedLocationIds);
    // Only the canonical JSON form verified: keep what HighLevel signed, not the bytes
    // as received (which may carry whitespace or escapes it never signed), and dedupe
    // on it, so re-formatted copies of one delivery are one event.
    const canonical = signature.ok && signature.form === "json" ? signature.canonical : null;
    const stored = canonical ?? raw;
    const event: IncomingEvent = {
      ...classify(parsed, pathType),
      dedupeKey: dedupeKeyOf(envelope.webhookId, pathType, stored),
      webhookId: envelope.webhookId,
      eventTimestamp: envelope.timestamp,
      receivedAt,
      ...verificationOf(signature),
      route: pathType === undefined ? "generic" : "path",
      headers: selectHeaders(request.headers),
      rawBody: stored,
      received: canonical ? { sha256: createHash("sha256").update(raw).digest("hex"), size: raw.byteLength } : null,
    };
    const result = await recordEvent(event);
    note.result = result.status;
    return Response.json(result, { status: 200 });
  } catch (error) {
    if (error instanceof Rejection) {
      note.result = "rejected";
      note.cause = error.code;
      // Logged before answering, but a slow database must not hold the answer: past
      // rejectedLogWaitMs the write finishes (or fails, logged) in the background.
      const logged = recordRejected({
        receivedAt,
        status: error.status,
        cause: error.code,
        message: error.message,
        method: request.method,
        path: url.pathname,
        headers: selectHeaders(request.headers),
        bodyPrefix: raw,
        bodySize: size,
      });
      await Promise.race([logged, new Promise((resolve) => setTimeout(resolve, rejectedLogWaitMs).unref())]);
      const response = errorResponse(error.code, error.message, { details: error.details });
      // Refused before the whole body was read: the rest of it is still on the socket,
      // so this connection cannot carry another request. Say so, rather than keep it
      // alive and have the next delivery on it reset.
      if (error.unreadBody) response.headers.set("Connection", "close");
      return response;
    }
    if (error instanceof BodyAborted) {
      note.result = "aborted";
      countAborted();
      logger.info({ path: url.pathname, bytesRead: error.bytesRead }, "request aborted by the client before its body was complete");
      return errorResponse("bad_request", "The request body was not received completely");
    }
    if (error instanceof StorageRefusal) {
      note.result = "refused_429";
      note.reason = error.reason;
      return errorResponse("storage_unavailable", error.message, { details: { reason: error.reason }, retryAfterSeconds: error.retryAfter });
    }
    // A bug, not the sender's fault. Still a 429: it is the only answer HighLevel retries.
    note.result = "refused_429";
    note.reason = "internal_error";
    logger.error({ err: error instanceof Error ? `${error.name}: ${error.message}` : String(error) }, "delivery not stored: unexpected error; answering 429");
    return errorResponse("storage_unavailable", "The delivery could not be stored; retry later", {
      details: { reason: "internal_error" },
      retryAfterSeconds: 60,
    });
  }
}
