// @ts-check
// Throwaway PostgreSQL clusters (scripts/pg-throwaway.sh), each in its own directory
// on its own loopback port.
import { execFileSync, spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { root } from "../root.mjs";
import { onCleanup } from "./cleanup.mjs";
import { portInUse } from "./ports.mjs";

const pgScript = join(root, "scripts/pg-throwaway.sh");

export function postgresAvailable() {
  return spawnSync("bash", ["-c", "ls /usr/lib/postgresql/*/bin/pg_ctl"], { stdio: "ignore" }).status === 0;
}

/**
 * Starts (or restarts) the cluster in dir on port; returns its URL.
 * @param {string} dir
 * @param {number} port
 */
function pgStart(dir, port) {
  return execFileSync(pgScript, ["start", dir, String(port)], { encoding: "utf8" }).trim();
}

/**
 * Stops the cluster: "fast" (clean) or "immediate" (like a crash: no checkpoint, clients cut off).
 * @param {string} dir
 * @param {"fast" | "immediate"} [mode]
 */
function pgStop(dir, mode = "fast") {
  execFileSync(pgScript, ["stop", dir, mode], { encoding: "utf8" });
}

/**
 * A fresh directory for a cluster, directly under the temp folder (which the postgres
 * user can reach): a cluster a killed run left there is stopped and removed.
 * @param {string} name
 */
export function freshClusterDir(name) {
  const dir = join(tmpdir(), name);
  pgStop(dir, "immediate");
  rmSync(dir, { recursive: true, force: true });
  return dir;
}

/**
 * Starts an own cluster in `dir`, stopped and removed at clean-up (left on disk with
 * `keep`). Returns its URL.
 * @param {string} dir
 * @param {number} port
 * @param {{ keep?: boolean, portHint?: string }} [options] portHint: how to choose another port, said when this one is taken
 */
export async function ownCluster(dir, port, { keep = false, portHint = "" } = {}) {
  if (await portInUse(port)) throw new Error(`port ${port} is already in use: is another PostgreSQL cluster running there?${portHint ? ` (${portHint})` : ""}`);
  onCleanup(() => {
    pgStop(dir, "immediate");
    if (!keep) rmSync(dir, { recursive: true, force: true });
  });
  return pgStart(dir, port);
}
