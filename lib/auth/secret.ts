// The server secret that signs session cookies and tags the password a session was
// made with. SESSION_SECRET when set (the same value on every instance), otherwise
// a random one created on first use in data/.session-secret (mode 0600; two
// processes starting together agree on one file: it is linked into place, never
// overwritten). Nothing is derived from the password, so a leaked cookie gives
// nothing to guess the password against offline.
import { randomBytes } from "node:crypto";
import { chmodSync, linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { dataDir } from "../data-dir.mjs";
import { env } from "../env";
import { errorCode } from "../error-fields";

const secretFileName = ".session-secret";
const minLength = 32;

let cached: { source: string; secret: Buffer } | undefined;

/** The secret for this process's configuration (read or created once). */
export function sessionSecret(): Buffer {
  const configured = env().SESSION_SECRET;
  const source = configured ?? join(dataDir(), secretFileName);
  if (cached?.source !== source) cached = { source, secret: configured ? Buffer.from(configured, "utf8") : readOrCreateSecretFile(source) };
  return cached.secret;
}

/** Reads the secret file, creating it (and its directory, 0700) first if it is missing. */
export function readOrCreateSecretFile(file: string): Buffer {
  const existing = readSecretFile(file);
  if (existing) return existing;
  mkdirSync(join(file, ".."), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.${randomBytes(6).toString("hex")}`;
  writeFileSync(temporary, `${randomBytes(32).toString("base64url")}\n`, { mode: 0o600, flag: "wx" });
  try {
    linkSync(temporary, file); // fails if another process got there first: then theirs is the secret
  } catch (error) {
    if (errorCode(error) !== "EEXIST") throw error;
  } finally {
    unlinkSync(temporary);
  }
  const created = readSecretFile(file);
  if (!created) throw new Error(`${file} could not be created`);
  return created;
}

function readSecretFile(file: string): Buffer | null {
  let text: string;
  try {
    text = readFileSync(file, "utf8").trim();
  } catch (error) {
    if (errorCode(error) === "ENOENT") return null;
    throw error;
  }
  if (text.length < minLength) {
    throw new Error(
      `${file} holds no usable session secret (fewer than ${minLength} characters). Delete it to have a new one made (this signs everyone out), or set SESSION_SECRET.`,
    );
  }
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  return Buffer.from(text, "utf8");
}

/** Test hook: read the configuration again. */
export function resetSessionSecret(): void {
  cached = undefined;
}
