// Browser end-to-end tests: Debian's Chromium (Playwright's own browser download
// cannot work offline) against the real built app and a real database.
import { defineConfig } from "@playwright/test";

const port = process.env.E2E_PORT ?? "3100";
/** The dashboard password scripts/e2e-server.mjs gives the server. */
export const e2ePassword = "e2e-dashboard-password";

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/e2e",
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 30_000,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    timezoneId: "America/New_York",
    // Every request authenticates with HTTP Basic, as scripts do; e2e/auth.spec.ts tests the sign-in page without it.
    extraHTTPHeaders: { Authorization: `Basic ${Buffer.from(`admin:${e2ePassword}`).toString("base64")}` },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  webServer: {
    command: "node scripts/e2e-server.mjs",
    env: { E2E_DASHBOARD_PASSWORD: e2ePassword },
    url: `http://127.0.0.1:${port}/api/health`,
    reuseExistingServer: false,
    timeout: 300_000,
    stdout: "ignore",
    stderr: "pipe",
  },
});
