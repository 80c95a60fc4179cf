// npm start's answer to "production needs a password": when none is configured,
// generate one on first start, keep it in data/.dashboard-password (readable by
// this user only) and print it, so a fresh install is protected from the start.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { root } from "./migrations.mjs";

export function ensureDashboardPassword(env = process.env, log = console.log) {
  if (env.DASHBOARD_PASSWORD || env.DASHBOARD_AUTH === "off") return {};
  const file = join(root, "data", ".dashboard-password");
  let password = existsSync(file) ? readFileSync(file, "utf8").trim() : "";
  if (!password) {
    mkdirSync(join(root, "data"), { recursive: true });
    password = randomBytes(18).toString("base64url");
    writeFileSync(file, `${password}\n`, { mode: 0o600 });
  }
  log(`Dashboard password (generated, kept in data/.dashboard-password; set DASHBOARD_PASSWORD to choose your own): ${password}`);
  return { DASHBOARD_PASSWORD: password };
}
