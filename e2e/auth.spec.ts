// Access control and security headers against the real server (password set by
// scripts/e2e-server.mjs, served by scripts/lib/serve.mjs like npm start). These
// tests drop the suite's default Basic header.
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { e2ePassword } from "../playwright.config";
import { applyMigrations } from "../lib/migrate/apply-migrations.mjs";
import { screenshot } from "./helpers";

test.use({ extraHTTPHeaders: {} });

test("pages send visitors to sign in, and a right password brings them back", async ({ page }) => {
  const csp: string[] = [];
  page.on("console", (m) => m.text().includes("Content Security Policy") && csp.push(m.text()));

  await page.goto("/associations?status=active");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fassociations%3Fstatus%3Dactive$/);
  await screenshot(page, "sign-in");

  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("That password is not right")).toBeVisible();

  await page.getByLabel("Password").fill(e2ePassword);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/associations\?status=active$/);
  await expect(page.getByRole("heading", { name: "Associations" })).toBeVisible();

  const session = (await page.context().cookies()).find((c) => c.name === "am_session");
  expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax", secure: false });
  expect(session?.expires).toBeGreaterThan(Date.now() / 1000 + 3600);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto("/events");
  await expect(page).toHaveURL(/\/sign-in/);
  expect(csp, "no Content-Security-Policy violations").toEqual([]);
});

test("signing out revokes the session: a copy of the cookie no longer opens anything", async ({ page, browser, request }) => {
  await page.goto("/sign-in?next=%2Fevents");
  await page.getByLabel("Password").fill(e2ePassword);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/events$/);
  const session = (await page.context().cookies()).find((c) => c.name === "am_session");
  expect(session?.value).toMatch(/^v2\./);
  const copied = { Cookie: `am_session=${session?.value}` };
  expect((await request.get("/api/associations", { headers: copied })).status()).toBe(200);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);

  const api = await request.get("/api/associations", { headers: copied });
  expect(api.status()).toBe(401);
  // Another browser holding the copied cookie is sent to sign in.
  const other = await browser.newContext({ baseURL: test.info().project.use.baseURL, extraHTTPHeaders: {} });
  try {
    await other.addCookies([{ name: "am_session", value: session?.value ?? "", url: test.info().project.use.baseURL ?? "" }]);
    const stolen = await other.newPage();
    await stolen.goto("/events");
    await expect(stolen).toHaveURL(/\/sign-in\?next=%2Fevents$/);
  } finally {
    await other.close();
  }
});

test("APIs answer 401 without credentials, 200 with HTTP Basic; the receiver and health stay open", async ({ request }) => {
  const anonymous = await request.get("/api/associations");
  expect(anonymous.status()).toBe(401);
  expect(anonymous.headers()["www-authenticate"]).toMatch(/^Basic /);
  expect((await request.get("/api/export/events.csv")).status()).toBe(401);

  const basic = { Authorization: `Basic ${Buffer.from(`admin:${e2ePassword}`).toString("base64")}` };
  expect((await request.get("/api/associations", { headers: basic })).status()).toBe(200);
  expect((await request.get("/api/export/events.csv", { headers: basic })).status()).toBe(200);

  expect((await request.get("/api/health")).status()).toBe(200);
  const webhook = await request.post("/api/webhooks/highlevel", { data: { type: "AssociationCreate" } });
  expect(webhook.status()).toBe(401); // refused for its missing signature, not for a missing password
  expect(await webhook.json()).toMatchObject({ error: { code: "missing_signature" } });
});

test("every response carries the security headers; pages a nonce-based CSP", async ({ request }) => {
  const basic = { Authorization: `Basic ${Buffer.from(`admin:${e2ePassword}`).toString("base64")}` };
  const pageResponse = await request.get("/", { headers: basic });
  const headers = pageResponse.headers();
  expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["content-security-policy"]).not.toContain("unsafe-eval");
  for (const response of [pageResponse, await request.get("/api/health"), await request.post("/api/webhooks/highlevel", { data: "x" })]) {
    const h = response.headers();
    expect(h["x-content-type-options"]).toBe("nosniff");
    expect(h["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(h["x-frame-options"]).toBe("DENY");
  }
  expect((await request.get("/api/health")).headers()["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
});

/** Our own server (the one npm start runs) on another port, with `env`. */
function startServer(env: Record<string, string | undefined>, port: number) {
  const root = join(import.meta.dirname, "..");
  const child = spawn(process.execPath, [join(root, "scripts/lib/serve.mjs"), "--dir", root, "--port", String(port), "--hostname", "127.0.0.1"], {
    cwd: root,
    env: { ...process.env, NODE_ENV: "production", DASHBOARD_PASSWORD: undefined, DASHBOARD_AUTH: undefined, ...env },
  });
  let output = "";
  child.stdout.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, exited, output: () => output };
}

test("a production server without DASHBOARD_PASSWORD refuses to start, unless DASHBOARD_AUTH=off", async ({ page }) => {
  test.setTimeout(60_000);
  const refused = startServer({}, 3191);
  const code = await Promise.race([refused.exited, new Promise<string>((r) => setTimeout(() => r("still running"), 30_000))]);
  refused.child.kill("SIGKILL");
  expect(code).toBe(1);
  expect(refused.output()).toContain("DASHBOARD_PASSWORD is not set");

  const short = startServer({ DASHBOARD_PASSWORD: "hunter2" }, 3191);
  const shortCode = await Promise.race([short.exited, new Promise<string>((r) => setTimeout(() => r("still running"), 30_000))]);
  short.child.kill("SIGKILL");
  expect(shortCode).toBe(1);
  expect(short.output()).toContain("DASHBOARD_PASSWORD is too short (7 characters; at least 12 are needed)");

  const databaseUrl = process.env.DATABASE_URL || `file:${join(mkdtempSync(join(tmpdir(), "am-auth-off-")), "db.sqlite")}`;
  await applyMigrations(databaseUrl);
  const open = startServer({ DASHBOARD_AUTH: "off", DATABASE_URL: databaseUrl }, 3192);
  try {
    await expect.poll(async () => (await fetch("http://127.0.0.1:3192/api/health").catch(() => null))?.status ?? 0, { timeout: 30_000 }).toBeGreaterThan(0);
    await page.goto("http://127.0.0.1:3192/locations");
    await expect(page.getByText("The dashboard is not password-protected")).toBeVisible();
  } finally {
    open.child.kill("SIGTERM");
  }
});

test("the throttle keys on the socket address: forged address headers do not reset it, and the 11th attempt is 429", async () => {
  test.setTimeout(60_000);
  const databaseUrl = `file:${join(mkdtempSync(join(tmpdir(), "am-throttle-")), "db.sqlite")}`;
  await applyMigrations(databaseUrl);
  const server = startServer({ DATABASE_URL: databaseUrl, DASHBOARD_PASSWORD: e2ePassword }, 3193);
  const url = "http://127.0.0.1:3193/api/associations";
  const basic = (pw: string) => `Basic ${Buffer.from(`admin:${pw}`).toString("base64")}`;
  try {
    await expect.poll(async () => (await fetch("http://127.0.0.1:3193/api/health").catch(() => null))?.status ?? 0, { timeout: 30_000 }).toBe(200);
    expect(server.output()).toContain("Ready on http://127.0.0.1:3193");
    for (let i = 0; i < 10; i++) {
      // Each guess claims another client: the custom server overwrites the one and no proxy is trusted for the other.
      const headers = { authorization: basic(`guess ${i}`), "x-am-remote-address": `203.0.113.${i}`, "x-forwarded-for": `198.51.100.${i}` };
      expect((await fetch(url, { headers })).status).toBe(401);
    }
    const locked = await fetch(url, {
      headers: { authorization: basic(e2ePassword), "x-am-remote-address": "203.0.113.99", "x-forwarded-for": "198.51.100.99" },
    });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(200);
    expect(await locked.json()).toMatchObject({ error: { code: "too_many_attempts" } });
  } finally {
    server.child.kill("SIGTERM");
  }
  expect(await server.exited).toBe(0); // a graceful shutdown (scripts/lib/serve.mjs)
});
