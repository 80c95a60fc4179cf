// npm start: build if needed, apply migrations, then serve the dashboard and the
// receiver on PORT (default 3000), with a generated dashboard password when none
// is configured. Signals are passed on to the server.
import { spawn } from "node:child_process";
import { applyMigrations } from "./lib/apply-migrations.mjs";
import { buildIfStale, nextBin } from "./lib/build.mjs";
import { ensureDashboardPassword } from "./lib/dashboard-password.mjs";
import { databaseUrl } from "../lib/database-url.mjs";
import { root } from "./lib/migrations.mjs";

const port = process.env.PORT || "3000";
const url = databaseUrl();

try {
  buildIfStale();
  const applied = await applyMigrations(url);
  if (applied.length) console.log(`Applied migrations: ${applied.join(", ")}`);
} catch (error) {
  console.error(`Cannot start: ${error.message}`);
  process.exit(1);
}

const server = spawn(process.execPath, [nextBin, "start", "-p", port], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, ...ensureDashboardPassword(), NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
