// The session secret: SESSION_SECRET, or a random file made once with mode 0600.
import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseEnv } from "../env";
import { readOrCreateSecretFile } from "./secret";

const mode = (path: string) => statSync(path).mode & 0o777;

describe("the session secret file", () => {
  it("is created on first use with 32 random bytes, mode 0600, in a 0700 directory, then reused", () => {
    const dir = join(mkdtempSync(join(tmpdir(), "am-secret-")), "data");
    const file = join(dir, ".session-secret");
    const first = readOrCreateSecretFile(file);
    expect(first.toString()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(mode(file)).toBe(0o600);
    expect(mode(dir)).toBe(0o700);
    expect(readOrCreateSecretFile(file).equals(first)).toBe(true);
    expect(readFileSync(file, "utf8").trim()).toBe(first.toString());
  });

  it("is never replaced once it exists (another instance may have made it), and its mode is tightened", () => {
    const file = join(mkdtempSync(join(tmpdir(), "am-secret-")), ".session-secret");
    writeFileSync(file, "made by another process, long enough to be a secret\n", { mode: 0o644 });
    chmodSync(file, 0o644);
    expect(readOrCreateSecretFile(file).toString()).toBe("made by another process, long enough to be a secret");
    expect(mode(file)).toBe(0o600);
  });

  it("refuses a file too short to be a secret, saying what to do", () => {
    const file = join(mkdtempSync(join(tmpdir(), "am-secret-")), ".session-secret");
    writeFileSync(file, "\n", { mode: 0o600 });
    expect(() => readOrCreateSecretFile(file)).toThrow(/no usable session secret.*Delete it/);
  });

  it("SESSION_SECRET must be at least 32 characters", () => {
    expect(() => parseEnv({ SESSION_SECRET: "short" })).toThrow(/SESSION_SECRET: must be at least 32 characters/);
    expect(parseEnv({ SESSION_SECRET: "x".repeat(32) }).SESSION_SECRET).toBe("x".repeat(32));
    expect(parseEnv({ SESSION_SECRET: "  " }).SESSION_SECRET).toBeUndefined();
  });
});
