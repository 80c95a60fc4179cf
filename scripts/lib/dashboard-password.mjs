// @ts-check
// npm start's answer to "production needs a password": when none is configured,
// generate one on first start, keep it in data/.dashboard-password (mode 0600, in a
// 0700 folder) and print it on that start only, so a fresh install is protected from
// the start and later starts' logs do not carry it (they say where it is kept).
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { dataDir } from "../../lib/data-dir.mjs";
import { root } from "./root.mjs";
import { privateDirMode, privateFileMode, secureDataDir } from "../../lib/private-files.mjs";

/**
 * @param {Record<string, string | undefined>} env
 * @param {(line: string) => void} log
 * @param {string} dir the data folder
 * @returns {{ DASHBOARD_PASSWORD?: string }}
 */
export function ensureDashboardPassword(env = process.env, log = console.log, dir = dataDir(root)) {
  if (env.DASHBOARD_PASSWORD || env.DASHBOARD_AUTH === "off") return {};
  const file = join(dir, ".dashboard-password");
  const shown = relative(process.cwd(), file) || file;
  let password = existsSync(file) ? readFileSync(file, "utf8").trim() : "";
  if (password) {
    secureDataDir(dir);
    log(`Dashboard password: the generated one kept in ${shown} (readable by this user only; set DASHBOARD_PASSWORD to choose your own)`);
    return { DASHBOARD_PASSWORD: password };
  }
  mkdirSync(dir, { recursive: true, mode: privateDirMode });
  password = randomBytes(18).toString("base64url");
  writeFileSync(file, `${password}\n`, { mode: privateFileMode });
  secureDataDir(dir);
  log(
    `Dashboard password (generated now and shown only this once; kept in ${shown}, readable by this user only; set DASHBOARD_PASSWORD to choose your own): ${password}`,
  );
  return { DASHBOARD_PASSWORD: password };
}
