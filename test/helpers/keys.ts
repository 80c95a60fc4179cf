// Test signing keys: fresh Ed25519 and RSA pairs per test process, installed as
// the receiver's configured public keys before any app module reads the env.
import { generateKeyPairSync, sign } from "node:crypto";

export const ed25519 = generateKeyPairSync("ed25519");
export const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
/** A second pair of each: signatures made with these must be refused. */
export const otherEd25519 = generateKeyPairSync("ed25519");
export const otherRsa = generateKeyPairSync("rsa", { modulusLength: 2048 });

export const pem = (key: { export(o: { type: "spki"; format: "pem" }): string | Buffer }) => key.export({ type: "spki", format: "pem" }).toString();

export function signEd25519(body: string | Uint8Array, key = ed25519.privateKey): string {
  return sign(null, typeof body === "string" ? Buffer.from(body) : body, key).toString("base64");
}

export function signRsa(body: string | Uint8Array, key = rsa.privateKey): string {
  return sign("sha256", typeof body === "string" ? Buffer.from(body) : body, key).toString("base64");
}
