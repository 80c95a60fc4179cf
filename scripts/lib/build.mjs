// @ts-check
// Builds the Next app when the sources changed since the last build, so
// `npm start` works on a fresh clone and stays fast on an already-built one.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { root } from "./root.mjs";

const inputs = [
  "app",
  "components",
  "lib",
  "public",
  "proxy.ts",
  "instrumentation.ts",
  "next.config.mjs",
  "postcss.config.mjs",
  "tsconfig.json",
  "tsconfig.build.json",
  "package-lock.json",
  "prisma/schema.prisma",
];
const stampFile = join(root, ".next", "source-fingerprint");
const nextBin = join(root, "node_modules/next/dist/bin/next");

/**
 * @param {string} path
 * @param {string[]} out
 */
function walk(path, out) {
  if (!existsSync(path)) return;
  const st = statSync(path);
  if (st.isDirectory()) {
    for (const name of readdirSync(path).sort()) {
      if (name === "node_modules" || name.endsWith(".test.ts")) continue;
      walk(join(path, name), out);
    }
  } else {
    out.push(`${relative(root, path)}:${st.size}:${st.mtimeMs}`);
  }
}

function sourceFingerprint() {
  /** @type {string[]} */
  const entries = [];
  for (const input of inputs) walk(join(root, input), entries);
  return createHash("sha256").update(entries.join("\n")).digest("hex");
}

/** Whether .next holds a build of the sources as they are now. */
export function buildIsFresh(fingerprint = sourceFingerprint()) {
  return existsSync(join(root, ".next", "BUILD_ID")) && existsSync(stampFile) && readFileSync(stampFile, "utf8") === fingerprint;
}

/** Seconds between "still building" lines: Next's compile step prints nothing for about 40 s. */
const progressEverySeconds = 10;

/**
 * Builds when the sources changed since the last build; resolves true if it built.
 * While Next compiles silently, a line every 10 s says the build is still going, so
 * a newcomer's first `npm start` does not look hung.
 */
export async function buildIfStale({ log = console.log } = {}) {
  const fingerprint = sourceFingerprint();
  if (buildIsFresh(fingerprint)) return false;
  log("Building the app (first start or sources changed; about a minute)…");
  const started = Date.now();
  const progress = setInterval(() => log(`  … still building (${Math.round((Date.now() - started) / 1000)} s)`), progressEverySeconds * 1000);
  try {
    await new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [nextBin, "build"], {
        cwd: root,
        stdio: "inherit",
        env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
      });
      child.on("error", reject);
      child.on("exit", (code, signal) => (code === 0 ? resolve(undefined) : reject(new Error(`next build failed (${signal ?? `exit ${code}`})`))));
    });
  } finally {
    clearInterval(progress);
  }
  log(`Built in ${Math.round((Date.now() - started) / 1000)} s`);
  writeFileSync(stampFile, fingerprint);
  return true;
}
