// Alerts: a named location that falls silent is opened as an alert by the server's
// own evaluator; the Alerts page lists it with its timeline, the keyboard
// acknowledges it, and axe finds no serious problem on the page.
import { sign } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type APIRequestContext, type Locator, type Page } from "@playwright/test";
import { screenshot, unique } from "./helpers";

const privateKey = readFileSync(join(import.meta.dirname, "keys/test-ed25519-private.pem"), "utf8");
const HOUR = 3_600_000;

async function deliverAgo(request: APIRequestContext, locationId: string, hoursAgo: number) {
  const raw = Buffer.from(JSON.stringify({ type: "ContactCreate", webhookId: unique("wh"), id: unique("c"), locationId }));
  const receivedAt = new Date(Date.now() - hoursAgo * HOUR).toISOString();
  const response = await request.post(`/api/e2e/deliver-at?receivedAt=${encodeURIComponent(receivedAt)}`, {
    data: raw,
    headers: { "content-type": "application/json", "x-ghl-signature": sign(null, raw, privateKey).toString("base64") },
  });
  expect(response.status()).toBe(200);
}

async function tabTo(page: Page, target: Locator, max = 60) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    if (await target.evaluate((el) => el === document.activeElement)) return;
  }
  throw new Error(`not reached with ${max} Tab presses`);
}

test("a silent location becomes an alert: listed with its timeline, acknowledged from the keyboard, accessible", async ({ page, request }) => {
  test.setTimeout(120_000);
  const loc = unique("loc-alert");
  const name = `Alerted Clinic ${loc.slice(-6)}`;
  expect((await request.put(`/api/locations/${loc}/name`, { data: { name } })).status()).toBe(200);
  // Every 6 hours for two weeks, the newest 11 hours ago: silent (its usual quiet is 6 h).
  for (let ago = 11; ago < 14 * 24; ago += 6) await deliverAgo(request, loc, ago);

  // The server's evaluator (every 5 s on the e2e server) opens it.
  await expect
    .poll(
      async () => {
        const body = (await (await request.get("/api/alerts?rule=silence&limit=200")).json()) as { data: { subject: string; status: string }[] };
        return body.data.find((a) => a.subject === loc)?.status ?? null;
      },
      { timeout: 60_000, intervals: [1_000] },
    )
    .toBe("open");

  await page.goto("/alerts?rule=silence&status=open");
  await expect(page.getByRole("heading", { level: 1, name: "Alerts" })).toBeVisible();
  const card = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: new RegExp(`silence: ${name}$`) }) });
  await expect(card).toHaveCount(1);
  await expect(card.getByText(`${name} (${loc}) silent for 11 h; longest quiet spell in 14 days: 6 h`, { exact: true })).toBeVisible();
  await expect(card.getByRole("link", { name: "Open the filtered view" })).toHaveAttribute("href", `/locations/${loc}`);
  const timeline = card.getByRole("list", { name: /^Timeline of alert/ });
  await expect(timeline.getByRole("listitem")).toHaveCount(1);
  await expect(timeline).toContainText("opened");

  // Keyboard only: Tab to the button, Enter.
  const button = card.getByRole("button", { name: /^Acknowledge alert #\d+ silence/ });
  await page.waitForLoadState("networkidle");
  await tabTo(page, button);
  await page.keyboard.press("Enter");
  await expect(card.getByRole("status")).toHaveText("Acknowledged: no more messages until it resolves");

  await page.goto("/alerts?status=acknowledged");
  const acknowledged = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: new RegExp(`silence: ${name}$`) }) });
  await expect(acknowledged.getByText("acknowledged", { exact: true }).first()).toBeVisible();
  await expect(acknowledged.getByRole("button", { name: /^Acknowledge/ })).toHaveCount(0);
  const entries = acknowledged.getByRole("list", { name: /^Timeline of alert/ }).getByRole("listitem");
  await expect(entries).toHaveCount(2);
  await expect(entries.nth(1)).toContainText("Acknowledged by an operator; no more messages until it resolves");
  await screenshot(page, "alerts");

  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({ id: v.id, targets: v.nodes.map((n) => n.target.join(" ")).slice(0, 5) }));
  expect(serious).toEqual([]);

  // The empty state, and the overview's link.
  await page.goto("/alerts?rule=database_unreachable");
  await expect(page.getByText("No alerts match these filters")).toBeVisible();
  await page.goto("/");
  await expect(page.getByRole("link", { name: /open alerts?$|^No open alerts$/ })).toBeVisible();
  await expect(page.getByRole("link", { name: /acknowledged$/ })).toHaveAttribute("href", "/alerts?status=acknowledged");
});
