// HighLevel webhook signature verification, on the raw bytes before any parsing.
// X-GHL-Signature (Ed25519) is checked first, X-WH-Signature (RSA-SHA256, legacy)
// only when the Ed25519 header is absent. "N/A" means absent. If the raw bytes do
// not verify, the compact JSON.stringify of the parsed body is tried too, because
// HighLevel's own SDK signs that form (HIGHLEVEL.md, "Signatures").
import { createPublicKey, verify, type KeyObject } from "node:crypto";

type SignatureAlgorithm = "ed25519" | "rsa";

export type SignatureResult =
  | { ok: true; algorithm: SignatureAlgorithm; form: "raw" }
  /** Only the canonical JSON form verified: `canonical` holds the bytes HighLevel signed. */
  | { ok: true; algorithm: SignatureAlgorithm; form: "json"; canonical: Uint8Array<ArrayBuffer> }
  | { ok: false; reason: "missing_signature" | "bad_signature"; algorithm?: SignatureAlgorithm; message: string };

export interface VerificationKeys {
  ed25519: KeyObject;
  rsa: KeyObject;
}

export function loadVerificationKeys(ed25519Pem: string, rsaPem: string): VerificationKeys {
  return { ed25519: createPublicKey(ed25519Pem), rsa: createPublicKey(rsaPem) };
}

/** A header value that carries a signature, or undefined for absent/blank/"N/A". */
export function signatureValue(value: string | null | undefined): string | undefined {
  const v = value?.trim();
  if (!v || v.toUpperCase() === "N/A") return undefined;
  return v;
}

const base64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

function check(algorithm: SignatureAlgorithm, data: Uint8Array, signature: Buffer, keys: VerificationKeys): boolean {
  try {
    return algorithm === "ed25519" ? verify(null, data, keys.ed25519, signature) : verify("sha256", data, keys.rsa, signature);
  } catch {
    // Malformed signature lengths throw in some OpenSSL paths: that is a bad signature.
    return false;
  }
}

/** The compact re-serialisation HighLevel's SDK signs, or undefined when the body is not JSON. */
function reserialized(raw: Uint8Array): Uint8Array<ArrayBuffer> | undefined {
  try {
    return new Uint8Array(Buffer.from(JSON.stringify(JSON.parse(Buffer.from(raw).toString("utf8"))), "utf8"));
  } catch {
    return undefined;
  }
}

/** Whether the request carries a signature header at all (checked before the body is read). */
export function hasSignatureHeader(headers: { get(name: string): string | null }): boolean {
  return signatureValue(headers.get("x-ghl-signature")) !== undefined || signatureValue(headers.get("x-wh-signature")) !== undefined;
}

export function verifySignature(raw: Uint8Array, headers: { get(name: string): string | null }, keys: VerificationKeys): SignatureResult {
  const ghl = signatureValue(headers.get("x-ghl-signature"));
  const wh = signatureValue(headers.get("x-wh-signature"));
  const algorithm: SignatureAlgorithm | undefined = ghl ? "ed25519" : wh ? "rsa" : undefined;
  const value = ghl ?? wh;
  if (!algorithm || !value) {
    return { ok: false, reason: "missing_signature", message: "No X-GHL-Signature or X-WH-Signature header" };
  }
  const header = algorithm === "ed25519" ? "X-GHL-Signature" : "X-WH-Signature";
  if (!base64.test(value)) {
    return { ok: false, reason: "bad_signature", algorithm, message: `${header} is not base64` };
  }
  const signature = Buffer.from(value, "base64");
  if (check(algorithm, raw, signature, keys)) return { ok: true, algorithm, form: "raw" };
  const json = reserialized(raw);
  if (json && !Buffer.from(json).equals(Buffer.from(raw)) && check(algorithm, json, signature, keys)) {
    return { ok: true, algorithm, form: "json", canonical: json };
  }
  return {
    ok: false,
    reason: "bad_signature",
    algorithm,
    message: `${header} does not match the body with the configured ${algorithm === "ed25519" ? "Ed25519" : "RSA"} public key`,
  };
}

/** Signature values shortened for display and the rejected log: enough to recognise, not to replay. */
export function shortenSignature(value: string): string {
  return value.length <= 16 ? value : `${value.slice(0, 8)}…${value.slice(-4)} (${value.length} chars)`;
}
