// @ts-check
// The app under test or measurement: a private snapshot of the built app, so a rebuild
// by another developer mid-run cannot swap files under a running server.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildIfStale, buildIsFresh } from "../build.mjs";
import { root } from "../root.mjs";
import { onCleanup } from "./cleanup.mjs";
import { sleep } from "./clock.mjs";

/** Whether a `next build` runs on this machine (Next 16 names its process "next-build", older ones "next build"). */
export function buildRunning() {
  return spawnSync("pgrep", ["-f", "next[ -]build"], { encoding: "utf8" }).stdout.trim() !== "";
}

/** @param {string} dir */
const buildIdIn = (dir) => (existsSync(join(dir, ".next/BUILD_ID")) ? readFileSync(join(dir, ".next/BUILD_ID"), "utf8") : "");

/**
 * Returns a directory (removed at clean-up) holding a copy of the built app (`.next`
 * without its cache and lock) beside links to node_modules, package.json,
 * next.config.mjs, public and lib. Builds only when the build is stale and no other
 * build is running (waits for one that is).
 * @param {{ prefix: string, log?: (line: string) => void, waitSeconds?: number }} options prefix: of the directory's name
 */
export async function prepareApp({ prefix, log = console.log, waitSeconds = 900 }) {
  const deadline = Date.now() + waitSeconds * 1000;
  let said = false;
  while (Date.now() < deadline) {
    if (buildRunning()) {
      if (!said) log("waiting for a running `next build` to finish…");
      said = true;
      await sleep(3000);
      continue;
    }
    if (!buildIsFresh()) {
      await buildIfStale({ log });
      continue;
    }
    const buildId = buildIdIn(root);
    const dir = mkdtempSync(join(tmpdir(), prefix));
    try {
      cpSync(join(root, ".next"), join(dir, ".next"), {
        recursive: true,
        verbatimSymlinks: true,
        filter: (src) => !/[/\\]\.next[/\\](cache|lock)([/\\]|$)/.test(src),
      });
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      log(`snapshot failed (${error instanceof Error ? error.message : String(error)}); retrying`);
      await sleep(2000);
      continue;
    }
    if (buildIdIn(dir) !== buildId || buildIdIn(root) !== buildId || buildRunning()) {
      rmSync(dir, { recursive: true, force: true });
      await sleep(2000);
      continue; // a build started while copying: copy again once it is done
    }
    for (const name of ["node_modules", "package.json", "next.config.mjs", "public", "lib"]) {
      if (existsSync(join(root, name))) symlinkSync(join(root, name), join(dir, name));
    }
    onCleanup(() => rmSync(dir, { recursive: true, force: true }));
    log(`app: build ${buildId} (snapshot in ${dir})`);
    return dir;
  }
  throw new Error("no fresh build of the app became available in time");
}
