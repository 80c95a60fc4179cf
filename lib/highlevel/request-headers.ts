// The request headers kept with each stored event and rejected request.
import { shortenSignature } from "./signature";

const kept = [
  "content-type",
  "content-length",
  "user-agent",
  "x-ghl-signature",
  "x-wh-signature",
  "x-forwarded-for",
  "x-real-ip",
  "x-request-id",
  "traceparent",
] as const;

const signatureHeaders = new Set(["x-ghl-signature", "x-wh-signature"]);

/** Signature values are always shortened: a stored full value could be replayed. */
export function selectHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of kept) {
    const value = headers.get(name);
    if (value === null) continue;
    const bounded = value.slice(0, 1000);
    out[name] = signatureHeaders.has(name) ? shortenSignature(bounded) : bounded;
  }
  return out;
}
