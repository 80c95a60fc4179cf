// Throwaway signing keys for the demo. HighLevel's private keys are HighLevel's,
// so demo deliveries are signed with a key pair made here, and the receiver is
// told (in this process only) to trust its public half.
import { generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import type { Signing } from "./types";

export interface DemoKeys {
  ed25519: { publicPem: string; privateKey: KeyObject };
  rsa: { publicPem: string; privateKey: KeyObject };
  /** Keys the receiver is not told about: their signatures must be refused. */
  strangerEd25519: KeyObject;
  strangerRsa: KeyObject;
}

function pair(kind: "ed25519" | "rsa") {
  const { publicKey, privateKey } = kind === "ed25519" ? generateKeyPairSync("ed25519") : generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { publicPem: publicKey.export({ type: "spki", format: "pem" }).toString(), privateKey };
}

export function createDemoKeys(): DemoKeys {
  return {
    ed25519: pair("ed25519"),
    rsa: pair("rsa"),
    strangerEd25519: generateKeyPairSync("ed25519").privateKey,
    // 1024 bits is plenty for a signature that only has to be wrong, and quicker to make.
    strangerRsa: generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey,
  };
}

const ed = (data: Uint8Array, key: KeyObject) => sign(null, data, key).toString("base64");
const rsa = (data: Uint8Array, key: KeyObject) => sign("sha256", data, key).toString("base64");

/** The signature headers for a body, as HighLevel would send them (or fail to). */
export function signatureHeaders(body: Uint8Array, signing: Signing, keys: DemoKeys): Record<string, string> {
  switch (signing) {
    case "ed25519":
      return { "x-ghl-signature": ed(body, keys.ed25519.privateKey) };
    case "ed25519-json": {
      const compact = Buffer.from(JSON.stringify(JSON.parse(Buffer.from(body).toString("utf8"))), "utf8");
      return { "x-ghl-signature": ed(compact, keys.ed25519.privateKey) };
    }
    case "rsa":
      return { "x-wh-signature": rsa(body, keys.rsa.privateKey) };
    case "none":
      return {};
    case "not-available":
      return { "x-ghl-signature": "N/A" };
    case "wrong-ed25519":
      return { "x-ghl-signature": ed(body, keys.strangerEd25519) };
    case "wrong-rsa":
      return { "x-wh-signature": rsa(body, keys.strangerRsa) };
  }
}
