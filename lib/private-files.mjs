// @ts-check
// Files that hold customers' data or secrets are readable by this user only: the
// SQLite database with its -wal and -shm (SQLite gives those the database file's
// mode), the generated dashboard password and the session secret are 0600, the
// folder holding them 0700. Applied on every npm start, so an install made before
// (or by a looser umask) is tightened too.
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { dataDir } from "./data-dir.mjs";

export const privateFileMode = 0o600;
export const privateDirMode = 0o700;
/** The secrets kept in data/ (see scripts/lib/dashboard-password.mjs and lib/auth/secret.ts). */
const secretFiles = [".dashboard-password", ".session-secret"];

/**
 * Sets `mode` unless the file is already at least that private; returns whether it changed it.
 * @param {string} path
 * @param {number} mode
 */
function tighten(path, mode) {
  if (!existsSync(path)) return false;
  if ((statSync(path).mode & 0o777 & ~mode) === 0) return false;
  chmodSync(path, mode);
  return true;
}

/**
 * Creates `file` empty with 0600 when its folder exists and it does not; never makes
 * folders (the app's own connection: the migrator made them on start).
 * @param {string} file
 */
export function createPrivateFile(file) {
  if (!existsSync(dirname(file))) return;
  try {
    closeSync(openSync(file, "wx", privateFileMode));
  } catch (error) {
    if (/** @type {NodeJS.ErrnoException} */ (error).code !== "EEXIST") throw error;
  }
}

/**
 * Before SQLite opens `file`: its folder (0700 when created here) and the file itself
 * (created empty with 0600, which SQLite accepts as a new database) exist.
 * @param {string} file
 */
export function prepareSqliteFile(file) {
  if (!existsSync(dirname(file))) mkdirSync(dirname(file), { recursive: true, mode: privateDirMode });
  createPrivateFile(file);
  secureSqliteFiles(file);
}

/**
 * The database file and its -wal and -shm are 0600; returns the paths it changed.
 * @param {string} file
 */
export function secureSqliteFiles(file) {
  return ["", "-wal", "-shm"].map((suffix) => file + suffix).filter((path) => tighten(path, privateFileMode));
}

/**
 * data/ is 0700 and the secrets in it 0600 (when they exist); returns the paths it changed.
 * @param {string} dir
 */
export function secureDataDir(dir = dataDir()) {
  if (!existsSync(dir)) return [];
  const changed = tighten(dir, privateDirMode) ? [dir] : [];
  for (const name of secretFiles) if (tighten(join(dir, name), privateFileMode)) changed.push(join(dir, name));
  return changed;
}
