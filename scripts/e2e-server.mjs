// The server the browser tests drive: the real built app on its own port, with a
// fresh database (SQLite temp file, or the given PostgreSQL emptied) that trusts
// the test-only signing key in e2e/keys/.
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildIfStale } from "./lib/build.mjs";
import { root } from "./lib/root.mjs";
import { prepareTestDatabase } from "./lib/test-database.mjs";
import { publicKeyPath } from "./lib/harness/test-keys.mjs";
import { serveScript } from "./lib/serve.mjs";
import { e2eReconcileLocation, startE2eHighLevel } from "../test/helpers/fake-highlevel-e2e.mjs";

const port = process.env.E2E_PORT || "3100";
const url = process.env.DATABASE_URL || `file:${join(mkdtempSync(join(tmpdir(), "am-e2e-")), "e2e.db")}`;

await buildIfStale();
await prepareTestDatabase(url);
// A fake HighLevel API for e2e/reconcile.spec.ts; one location has a token for it.
const highlevel = await startE2eHighLevel();
const server = spawn(process.execPath, [serveScript, "--dir", root, "--port", port, "--hostname", "127.0.0.1"], {
  cwd: root,
  stdio: "inherit",
  env: {
    ...process.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: url,
    HIGHLEVEL_WEBHOOK_VERIFY: "enforce",
    HIGHLEVEL_ED25519_PUBLIC_KEY: publicKeyPath,
    // Enables POST /api/e2e/deliver-at (backdated deliveries through the real receiver).
    E2E_ROUTES: "1",
    // e2e/alerts.spec.ts waits for the evaluator to open an alert: evaluate often.
    ALERT_EVALUATE_SECONDS: "5",
    // The tests send it as HTTP Basic (playwright.config.ts); e2e/auth.spec.ts signs in by hand.
    DASHBOARD_PASSWORD: process.env.E2E_DASHBOARD_PASSWORD || "e2e-dashboard-password",
    HIGHLEVEL_API_BASE_URL: highlevel.url,
    HIGHLEVEL_API_TOKENS: JSON.stringify({ [e2eReconcileLocation]: highlevel.token }),
  },
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => {
  void highlevel.close().finally(() => process.exit(code ?? 0));
});
