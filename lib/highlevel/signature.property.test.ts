// Property tests of signature verification: for any body, a genuine signature
// verifies, and flipping any single bit of the body or of the signature makes it
// fail; no header value, however odd, makes verification throw.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ed25519, otherEd25519, pem, rsa, signEd25519, signRsa } from "@/test/helpers/keys";
import { loadVerificationKeys, verifySignature } from "./signature";

const keys = loadVerificationKeys(pem(ed25519.publicKey), pem(rsa.publicKey));

function headers(values: Record<string, string>) {
  const map = new Map(Object.entries(values).map(([k, v]) => [k.toLowerCase(), v]));
  return { get: (name: string) => map.get(name.toLowerCase()) ?? null };
}

const ghl = (signature: string) => headers({ "X-GHL-Signature": signature });
const wh = (signature: string) => headers({ "X-WH-Signature": signature });

function flipBit(data: Uint8Array, bit: number): Uint8Array {
  const copy = new Uint8Array(data);
  const index = Math.floor(bit / 8) % copy.length;
  copy[index] = (copy[index] ?? 0) ^ (1 << (bit % 8));
  return copy;
}

/**
 * Whether `other` is the same JSON content as the signed compact text `signed`: the
 * documented fallback accepts those (e.g. a flipped bit turning an exponent's `e` into
 * `E`), since HighLevel signed exactly that content. Anything else must fail.
 */
function sameContent(other: Uint8Array, signed: Uint8Array): boolean {
  try {
    return JSON.stringify(JSON.parse(Buffer.from(other).toString("utf8"))) === Buffer.from(signed).toString("utf8");
  } catch {
    return false;
  }
}

/** Arbitrary bytes, and arbitrary JSON texts (which also exercise the JSON.stringify fallback). */
const bodies = fc.oneof(
  fc.uint8Array({ minLength: 1, maxLength: 2048 }),
  fc.json().map((text) => new Uint8Array(Buffer.from(text, "utf8"))),
  fc.jsonValue().map((value) => new Uint8Array(Buffer.from(JSON.stringify(value, null, 1) ?? "null", "utf8"))),
);

describe("Ed25519 (X-GHL-Signature)", () => {
  it("a genuine signature verifies; any single flipped bit of body or signature does not", () => {
    // The e → E flip, found by this property: same content, so accepted as form "json".
    const body = new Uint8Array(Buffer.from("[1e+160]"));
    expect(verifySignature(new Uint8Array(Buffer.from("[1E+160]")), ghl(signEd25519(body)), keys)).toMatchObject({ ok: true, form: "json" });
    fc.assert(
      fc.property(bodies, fc.nat(), fc.nat(), (body, bodyBit, signatureBit) => {
        const signature = signEd25519(body);
        expect(verifySignature(body, ghl(signature), keys)).toMatchObject({ ok: true, algorithm: "ed25519" });
        const flipped = flipBit(body, bodyBit);
        expect(verifySignature(flipped, ghl(signature), keys).ok).toBe(sameContent(flipped, body));
        const tampered = Buffer.from(flipBit(Buffer.from(signature, "base64"), signatureBit)).toString("base64");
        expect(verifySignature(body, ghl(tampered), keys)).toMatchObject({ ok: false, reason: "bad_signature" });
      }),
      { numRuns: 300 },
    );
  });

  it("a signature made with another key never verifies", () => {
    fc.assert(
      fc.property(bodies, (body) => {
        expect(verifySignature(body, ghl(signEd25519(body, otherEd25519.privateKey)), keys).ok).toBe(false);
      }),
      { numRuns: 100 },
    );
  });

  it("a signature of one body never verifies another", () => {
    fc.assert(
      fc.property(bodies, bodies, (a, b) => {
        fc.pre(!Buffer.from(a).equals(Buffer.from(b)));
        expect(verifySignature(b, ghl(signEd25519(a)), keys).ok).toBe(sameContent(b, a));
      }),
      { numRuns: 100 },
    );
  });
});

describe("RSA-SHA256 (X-WH-Signature, legacy)", () => {
  it("a genuine signature verifies; any single flipped bit of body or signature does not", () => {
    fc.assert(
      fc.property(bodies, fc.nat(), fc.nat(), (body, bodyBit, signatureBit) => {
        const signature = signRsa(body);
        expect(verifySignature(body, wh(signature), keys)).toMatchObject({ ok: true, algorithm: "rsa" });
        const flipped = flipBit(body, bodyBit);
        expect(verifySignature(flipped, wh(signature), keys).ok).toBe(sameContent(flipped, body));
        const tampered = Buffer.from(flipBit(Buffer.from(signature, "base64"), signatureBit)).toString("base64");
        expect(verifySignature(body, wh(tampered), keys)).toMatchObject({ ok: false, reason: "bad_signature" });
      }),
      { numRuns: 40 },
    );
  });
});

describe("any header value", () => {
  it("never throws, and never verifies a body it was not made for", () => {
    const value = fc.oneof(fc.string({ unit: "binary", maxLength: 400 }), fc.base64String({ maxLength: 400 }), fc.constantFrom("N/A", "", " ", "=", "=="));
    fc.assert(
      fc.property(bodies, value, value, (body, a, b) => {
        const result = verifySignature(body, headers({ "X-GHL-Signature": a, "X-WH-Signature": b }), keys);
        expect(result.ok).toBe(false);
        if (!result.ok) expect(["missing_signature", "bad_signature"]).toContain(result.reason);
      }),
      { numRuns: 300 },
    );
  });
});
