// @ts-check
// npm start: build if needed, apply migrations, then serve the dashboard and the
// receiver on PORT (default 3000) with scripts/lib/serve.mjs (Next behind node:http,
// so the app knows each request's socket address), with a generated dashboard
// password when none is configured. Signals are passed on to the server.
import { spawn } from "node:child_process";
import { applyMigrations } from "../lib/migrate/apply-migrations.mjs";
import { buildIfStale } from "./lib/build.mjs";
import { ensureDashboardPassword } from "./lib/dashboard-password.mjs";
import { databaseUrl } from "../lib/database-url.mjs";
import { root } from "./lib/root.mjs";
import { secureDataDir } from "../lib/private-files.mjs";
import { dataDir } from "../lib/data-dir.mjs";
import { serveScript } from "./lib/serve.mjs";

const port = process.env.PORT || "3000";
const url = databaseUrl();

try {
  await buildIfStale();
  const applied = await applyMigrations(url);
  if (applied.length) console.log(`Applied migrations: ${applied.join(", ")}`);
  for (const path of secureDataDir(dataDir(root))) console.log(`Made ${path} readable by this user only`);
} catch (error) {
  console.error(`Cannot start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

const server = spawn(process.execPath, [serveScript, "--dir", root, "--port", port], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, ...ensureDashboardPassword(), NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
});
for (const signal of /** @type {const} */ (["SIGINT", "SIGTERM"])) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
