// @ts-check
// The test-only Ed25519 key pair in e2e/keys/: servers the scripts start trust its
// public half, and their deliveries are signed with its private half.
import { createPrivateKey, sign } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { root } from "../root.mjs";

export const publicKeyPath = join(root, "e2e/keys/test-ed25519-public.pem");
const privateKeyPath = join(root, "e2e/keys/test-ed25519-private.pem");

/** @type {import("node:crypto").KeyObject | undefined} */
let privateKey;

/**
 * A delivery as HighLevel signs one: the body's UTF-8 bytes and their X-GHL-Signature
 * (Ed25519 over the exact bytes, base64), here with the test key.
 * @param {string} body
 */
export function signedDelivery(body) {
  privateKey ??= createPrivateKey(readFileSync(privateKeyPath, "utf8"));
  const bytes = Buffer.from(body, "utf8");
  return { bytes, signature: sign(null, bytes, privateKey).toString("base64") };
}
