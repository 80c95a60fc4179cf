// Forged, truncated, replayed, conflicting and oddly formatted signatures. The
// body is a valid association payload each time: only the signature decides.
import { randomBytes } from "node:crypto";
import { otherEd25519, otherRsa, signEd25519, signRsa } from "../helpers/keys";
import { accepted, association, json, refused, storedAs, utf8, type HeaderLines, type ReceiverCase } from "./build";

const ghl = (value: string): HeaderLines => [["x-ghl-signature", value]];
const wh = (value: string): HeaderLines => [["x-wh-signature", value]];
const signedOther = (body: Uint8Array) => signEd25519(Buffer.concat([Buffer.from(body), Buffer.from(" ")]).subarray(1));
const flipChar = (sig: string, at: number) => `${sig.slice(0, at)}${sig[at] === "A" ? "B" : "A"}${sig.slice(at + 1)}`;

type SigCase = [name: string, signature: (body: Uint8Array) => HeaderLines, status: 401, code: "missing_signature" | "bad_signature"];

const refusedSignatures: SigCase[] = [
  ["no signature header", () => [], 401, "missing_signature"],
  ["X-GHL-Signature: N/A", () => ghl("N/A"), 401, "missing_signature"],
  ["an empty X-GHL-Signature", () => ghl(""), 401, "missing_signature"],
  ["blank X-GHL-Signature and X-WH-Signature", () => [...ghl("   "), ...wh("\t")], 401, "missing_signature"],
  ["random base64 of the right length", () => ghl(randomBytes(64).toString("base64")), 401, "bad_signature"],
  ["random base64 of RSA length in X-WH-Signature", () => wh(randomBytes(256).toString("base64")), 401, "bad_signature"],
  ["not base64 at all", () => ghl("!!not*base64!!"), 401, "bad_signature"],
  ["a quoted-string value", (b) => ghl(`"${signEd25519(b)}"`), 401, "bad_signature"],
  ["signed with another Ed25519 key", (b) => ghl(signEd25519(b, otherEd25519.privateKey)), 401, "bad_signature"],
  ["signed with another RSA key", (b) => wh(signRsa(b, otherRsa.privateKey)), 401, "bad_signature"],
  ["a valid signature of a different body", (b) => ghl(signedOther(b)), 401, "bad_signature"],
  ["the signature of an empty body", () => ghl(signEd25519(new Uint8Array())), 401, "bad_signature"],
  ["truncated by 4 characters", (b) => ghl(signEd25519(b).slice(0, -4)), 401, "bad_signature"],
  ["truncated to half", (b) => ghl(signEd25519(b).slice(0, 44)), 401, "bad_signature"],
  ["truncated to one character", (b) => ghl(signEd25519(b).slice(0, 1)), 401, "bad_signature"],
  ["one character changed", (b) => ghl(flipChar(signEd25519(b), 10)), 401, "bad_signature"],
  ["the signature twice", (b) => ghl(signEd25519(b).repeat(2)), 401, "bad_signature"],
  ["an inner space", (b) => ghl(`${signEd25519(b).slice(0, 20)} ${signEd25519(b).slice(20)}`), 401, "bad_signature"],
  ["an inner tab", (b) => ghl(`${signEd25519(b).slice(0, 20)}\t${signEd25519(b).slice(20)}`), 401, "bad_signature"],
  ["the header repeated (joined with a comma)", (b) => [...ghl(signEd25519(b)), ...ghl(signEd25519(b))], 401, "bad_signature"],
  ["8 KB of base64", () => ghl("A".repeat(8192)), 401, "bad_signature"],
  ["an Ed25519 signature in X-WH-Signature", (b) => wh(signEd25519(b)), 401, "bad_signature"],
  ["an RSA signature in X-GHL-Signature", (b) => ghl(signRsa(b)), 401, "bad_signature"],
  [
    "conflicting: X-GHL-Signature forged, X-WH-Signature valid (Ed25519 decides)",
    (b) => [...ghl(randomBytes(64).toString("base64")), ...wh(signRsa(b))],
    401,
    "bad_signature",
  ],
  ["conflicting: both present, each signing another body", (b) => [...ghl(signedOther(b)), ...wh(signRsa(utf8("{}")))], 401, "bad_signature"],
];

const cases: ReceiverCase[] = refusedSignatures.map(([name, signature, status, code]) =>
  refused("signature", name, json(association()), status, code, { signature }),
);

// Replay: a valid signature reused on a modified body.
const original = association();
const signature = signEd25519(json(original));
const replayed = (name: string, body: Uint8Array) => refused("replayed signature", name, body, 401, "bad_signature", { signature: () => ghl(signature) });
cases.push(
  replayed("label changed", json({ ...original, firstObjectLabel: "Tampered" })),
  replayed("type changed to a Delete", json({ ...original, type: "AssociationDelete" })),
  replayed("a field added", json({ ...original, extra: 1 })),
  replayed("a byte appended (not JSON whitespace)", utf8(`${JSON.stringify(original)}x`)),
  replayed("the body truncated", utf8(JSON.stringify(original).slice(0, -1))),
);

// Accepted on purpose (documented): the signature matches what was signed.
cases.push(
  accepted("signature", "surrounding whitespace around a valid signature", association(), { signature: (b) => ghl(` \t${signEd25519(b)}\t `) }),
  accepted("signature", "conflicting: X-GHL-Signature valid, X-WH-Signature forged", association(), {
    signature: (b) => [...ghl(signEd25519(b)), ...wh("forged")],
  }),
  accepted("signature", "X-GHL-Signature N/A, X-WH-Signature valid (legacy RSA)", association(), { signature: (b) => [...ghl("N/A"), ...wh(signRsa(b))] }),
  {
    ...accepted("signature", "a valid signature reused on the same JSON re-formatted (JSON.stringify form): the signed form is stored", original, {
      body: utf8(JSON.stringify(original, null, 2)),
      signature: () => ghl(signature),
    }),
    expect: { status: 200, stored: storedAs("association", original), storedBody: json(original) },
  },
);

export const signatureCases = cases;
