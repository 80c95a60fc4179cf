// @ts-check
// Clean-ups registered as a run goes (servers, clusters, temp folders), run newest
// first at its end, on Ctrl-C or SIGTERM and on a watchdog, so nothing outlives it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** @type {Array<() => unknown>} */
const cleanups = [];
/** @type {Promise<void> | null} */
let running = null;

/** @param {() => unknown} fn */
export function onCleanup(fn) {
  cleanups.push(fn);
}

async function drain() {
  for (let fn = cleanups.pop(); fn; fn = cleanups.pop()) {
    try {
      await fn();
    } catch (error) {
      console.error(`clean-up failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/**
 * Runs every clean-up registered so far, once. A call while they run (a signal during
 * the final clean-up) waits for the same run instead of exiting half-way through it.
 * @returns {Promise<void>}
 */
export function runCleanups() {
  running ??= drain().finally(() => {
    running = null;
  });
  return running;
}

/**
 * A new folder in the temp folder, removed at clean-up unless `keep`.
 * @param {string} prefix
 * @param {{ keep?: boolean }} [options]
 */
export function tempDir(prefix, { keep = false } = {}) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (!keep) onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * On SIGINT or SIGTERM: `first` (say, passing the signal on to child scripts), then
 * the clean-ups, then exit 130.
 * @param {() => void} [first]
 */
export function cleanUpOnSignals(first = () => {}) {
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.on(signal, () => {
      first();
      void runCleanups().then(() => process.exit(130));
    });
  }
}
