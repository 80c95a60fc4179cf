import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { jsonObjectFields } from "../domain/json";
import { ed25519, otherEd25519, otherRsa, pem, rsa, signEd25519, signRsa } from "../../test/helpers/keys";
import { loadVerificationKeys, shortenSignature, signatureValue, verifySignature, type VerificationKeys } from "./signature";

const keys: VerificationKeys = { ed25519: ed25519.publicKey, rsa: rsa.publicKey };

const fixture = readFileSync(join(__dirname, "../../test/fixtures/highlevel/AssociationUpdate.json"), "utf8");
const body = JSON.stringify({
  ...jsonObjectFields(fixture),
  type: "AssociationUpdate",
  webhookId: "0b9b5a52-3f55-4c2c-9d3c-1a2b3c4d5e6f",
  timestamp: "2026-03-01T10:00:00.000Z",
});
const bytes = new Uint8Array(Buffer.from(body, "utf8"));

/** A minimal `{ get }` wrapper with case-insensitive lookup, like Headers. */
function plainHeaders(values: Record<string, string>): { get(name: string): string | null } {
  const lower = new Map(Object.entries(values).map(([k, v]) => [k.toLowerCase(), v]));
  return { get: (name) => lower.get(name.toLowerCase()) ?? null };
}

const verify = (raw: Uint8Array, values: Record<string, string>) => verifySignature(raw, new Headers(values), keys);

function flipOneByte(raw: Uint8Array, index: number): Uint8Array {
  const copy = new Uint8Array(raw);
  copy[index] = (copy[index] ?? 0) ^ 0x01;
  return copy;
}

describe("verifySignature: valid signatures", () => {
  it("accepts a valid Ed25519 X-GHL-Signature over the raw bytes", () => {
    expect(verify(bytes, { "X-GHL-Signature": signEd25519(bytes) })).toEqual({ ok: true, algorithm: "ed25519", form: "raw" });
  });

  it("accepts a valid RSA X-WH-Signature over the raw bytes when no Ed25519 header is sent", () => {
    expect(verify(bytes, { "X-WH-Signature": signRsa(bytes) })).toEqual({ ok: true, algorithm: "rsa", form: "raw" });
  });

  it("works with keys loaded from PEM text", () => {
    const fromPem = loadVerificationKeys(pem(ed25519.publicKey), pem(rsa.publicKey));
    const headers = new Headers({ "x-ghl-signature": signEd25519(bytes) });
    expect(verifySignature(bytes, headers, fromPem)).toMatchObject({ ok: true, algorithm: "ed25519" });
    const rsaHeaders = new Headers({ "x-wh-signature": signRsa(bytes) });
    expect(verifySignature(bytes, rsaHeaders, fromPem)).toMatchObject({ ok: true, algorithm: "rsa" });
  });
});

describe("verifySignature: refusals", () => {
  it("refuses an Ed25519 signature when one byte of the body changed", () => {
    const signature = signEd25519(bytes);
    for (const index of [0, Math.floor(bytes.length / 2), bytes.length - 1]) {
      const result = verify(flipOneByte(bytes, index), { "X-GHL-Signature": signature });
      expect(result).toMatchObject({ ok: false, reason: "bad_signature", algorithm: "ed25519" });
    }
  });

  it("refuses an RSA signature when one byte of the body changed", () => {
    const result = verify(flipOneByte(bytes, 10), { "X-WH-Signature": signRsa(bytes) });
    expect(result).toMatchObject({ ok: false, reason: "bad_signature", algorithm: "rsa" });
  });

  it("refuses signatures made with a key other than the configured one", () => {
    expect(verify(bytes, { "X-GHL-Signature": signEd25519(bytes, otherEd25519.privateKey) })).toMatchObject({
      ok: false,
      reason: "bad_signature",
      algorithm: "ed25519",
    });
    expect(verify(bytes, { "X-WH-Signature": signRsa(bytes, otherRsa.privateKey) })).toMatchObject({
      ok: false,
      reason: "bad_signature",
      algorithm: "rsa",
    });
  });

  it("refuses an RSA signature sent in the Ed25519 header (algorithm follows the header)", () => {
    expect(verify(bytes, { "X-GHL-Signature": signRsa(bytes) })).toMatchObject({ ok: false, algorithm: "ed25519" });
  });

  it("reports missing_signature when neither header is present", () => {
    const result = verify(bytes, { "content-type": "application/json" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toBe("missing_signature");
    expect(result.algorithm).toBeUndefined();
    expect(result.message).toMatch(/X-GHL-Signature/);
  });

  it.each(["N/A", " n/a ", "", "   "])("treats header value %j as absent", (value) => {
    expect(verify(bytes, { "X-GHL-Signature": value, "X-WH-Signature": value })).toMatchObject({
      ok: false,
      reason: "missing_signature",
    });
  });

  it.each(["not base64!", "abc$def", "ü", "===="])("refuses a non-base64 signature %j as bad_signature", (value) => {
    const result = verify(bytes, { "X-GHL-Signature": value });
    expect(result).toMatchObject({ ok: false, reason: "bad_signature", algorithm: "ed25519" });
    if (!result.ok) expect(result.message).toMatch(/not base64/);
  });

  it("refuses base64 of the wrong length without throwing", () => {
    expect(verify(bytes, { "X-GHL-Signature": "AAAA" })).toMatchObject({ ok: false, reason: "bad_signature" });
    expect(verify(bytes, { "X-WH-Signature": "AAAA" })).toMatchObject({ ok: false, reason: "bad_signature", algorithm: "rsa" });
  });
});

describe("verifySignature: header handling", () => {
  it("finds headers whatever the case of their names (Headers)", () => {
    const headers = new Headers({ "X-GHL-SIGNATURE": signEd25519(bytes) });
    expect(verifySignature(bytes, headers, keys)).toMatchObject({ ok: true, algorithm: "ed25519" });
  });

  it("works with any object exposing get(name)", () => {
    const ed = plainHeaders({ "X-Ghl-Signature": signEd25519(bytes) });
    expect(verifySignature(bytes, ed, keys)).toMatchObject({ ok: true, algorithm: "ed25519" });
    const legacy = plainHeaders({ "X-WH-SIGNATURE": signRsa(bytes) });
    expect(verifySignature(bytes, legacy, keys)).toMatchObject({ ok: true, algorithm: "rsa" });
    expect(verifySignature(bytes, plainHeaders({}), keys)).toMatchObject({ ok: false, reason: "missing_signature" });
  });

  it("uses the Ed25519 header when both are present: an invalid Ed25519 is refused even with a valid RSA", () => {
    const result = verify(bytes, { "X-GHL-Signature": signEd25519(bytes, otherEd25519.privateKey), "X-WH-Signature": signRsa(bytes) });
    expect(result).toMatchObject({ ok: false, reason: "bad_signature", algorithm: "ed25519" });
  });

  it("falls back to the RSA header when the Ed25519 header is N/A", () => {
    expect(verify(bytes, { "X-GHL-Signature": "N/A", "X-WH-Signature": signRsa(bytes) })).toEqual({
      ok: true,
      algorithm: "rsa",
      form: "raw",
    });
  });

  it("accepts a signature surrounded by whitespace", () => {
    expect(verify(bytes, { "X-GHL-Signature": `  ${signEd25519(bytes)}  ` })).toMatchObject({ ok: true });
  });
});

describe("verifySignature: JSON.stringify fallback", () => {
  const parsed: unknown = JSON.parse(body);
  const pretty = new Uint8Array(Buffer.from(JSON.stringify(parsed, null, 2), "utf8"));
  const compact = JSON.stringify(parsed);

  it("accepts a re-formatted body whose compact JSON.stringify form was signed, as form json", () => {
    expect(pretty.length).toBeGreaterThan(bytes.length);
    const canonical = new Uint8Array(Buffer.from(compact, "utf8"));
    expect(verify(pretty, { "X-GHL-Signature": signEd25519(compact) })).toEqual({ ok: true, algorithm: "ed25519", form: "json", canonical });
    expect(verify(pretty, { "X-WH-Signature": signRsa(compact) })).toEqual({ ok: true, algorithm: "rsa", form: "json", canonical });
  });

  it("accepts escaped non-ASCII characters when the unescaped form was signed", () => {
    const raw = new Uint8Array(Buffer.from('{"firstObjectLabel":"Caf\\u00e9","id":"a1"}', "utf8"));
    const signed = JSON.stringify({ firstObjectLabel: "Café", id: "a1" });
    expect(verify(raw, { "X-GHL-Signature": signEd25519(signed) })).toMatchObject({ ok: true, form: "json" });
  });

  it("reports form raw when the raw bytes themselves were signed", () => {
    expect(verify(pretty, { "X-GHL-Signature": signEd25519(pretty) })).toMatchObject({ ok: true, form: "raw" });
  });

  it("still refuses a signature over different JSON content", () => {
    const other = JSON.stringify({ ...jsonObjectFields(body), firstObjectLabel: "Tampered" });
    expect(verify(pretty, { "X-GHL-Signature": signEd25519(other) })).toMatchObject({ ok: false, reason: "bad_signature" });
    expect(verify(bytes, { "X-WH-Signature": signRsa(other) })).toMatchObject({ ok: false, reason: "bad_signature" });
  });

  it("refuses a signature over a body that is not JSON when the bytes differ", () => {
    const raw = new Uint8Array(Buffer.from("not json at all", "utf8"));
    expect(verify(raw, { "X-GHL-Signature": signEd25519("not json at all!") })).toMatchObject({ ok: false });
    expect(verify(raw, { "X-GHL-Signature": signEd25519(raw) })).toMatchObject({ ok: true, form: "raw" });
  });
});

describe("signatureValue", () => {
  it("returns the trimmed value, or undefined for null, blank and N/A in any case", () => {
    expect(signatureValue(" abc= ")).toBe("abc=");
    for (const absent of [null, undefined, "", "  ", "N/A", "n/a", " N/a "]) expect(signatureValue(absent)).toBeUndefined();
  });
});

describe("shortenSignature", () => {
  it("keeps values of up to 16 characters unchanged", () => {
    expect(shortenSignature("")).toBe("");
    expect(shortenSignature("0123456789abcdef")).toBe("0123456789abcdef");
  });

  it("keeps the first 8 and last 4 characters and the length of longer values", () => {
    const signature = signEd25519(bytes);
    const short = shortenSignature(signature);
    expect(short).toBe(`${signature.slice(0, 8)}…${signature.slice(-4)} (${signature.length} chars)`);
    expect(short).not.toContain(signature.slice(8, -4));
    expect(shortenSignature("0123456789abcdefg")).toBe("01234567…defg (17 chars)");
  });
});
