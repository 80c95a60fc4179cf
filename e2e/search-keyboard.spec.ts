// Body search, time ranges and keyboard shortcuts on the events list, in a browser.
import { sign } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { deliverStored, unique, waitProjected } from "./helpers";

const privateKey = readFileSync(join(import.meta.dirname, "keys/test-ed25519-private.pem"), "utf8");

/** A signed delivery received `hoursAgo` in the past (POST /api/e2e/deliver-at, e2e server only). */
async function deliverAgo(request: APIRequestContext, body: Record<string, unknown>, hoursAgo: number): Promise<number> {
  const raw = Buffer.from(JSON.stringify(body));
  const receivedAt = new Date(Date.now() - hoursAgo * 3_600_000).toISOString();
  const response = await request.post(`/api/e2e/deliver-at?receivedAt=${encodeURIComponent(receivedAt)}`, {
    data: raw,
    headers: { "content-type": "application/json", "x-ghl-signature": sign(null, raw, privateKey).toString("base64") },
  });
  expect(response.status()).toBe(200);
  const eventId = ((await response.json()) as { eventId: number }).eventId;
  await waitProjected(request, eventId);
  return eventId;
}

const contact = (locationId: string, extra: Record<string, unknown> = {}) => ({
  type: "ContactCreate",
  webhookId: unique("wh"),
  id: unique("c"),
  locationId,
  ...extra,
});
const rowLinks = (page: import("@playwright/test").Page) => page.locator("main table tbody tr td:first-child a");

test("searching a body term lists only the event whose body holds it", async ({ page, request }) => {
  const loc = unique("loc-search");
  const needle = unique("needle");
  const hit = await deliverStored(request, contact(loc, { note: `the ${needle} is here` }));
  await deliverStored(request, contact(loc, { note: "nothing to see" }));
  await page.goto(`/events?locationId=${loc}`);
  await expect(rowLinks(page)).toHaveCount(2);
  await page.getByLabel("Search bodies").fill(needle.toUpperCase());
  await page.getByLabel("Search bodies").press("Enter");
  await expect(page).toHaveURL(/[?&]q=/);
  await expect(rowLinks(page)).toHaveText([`#${hit}`]);
});

test("choosing Last 1 h puts the range in the URL and leaves out older events", async ({ page, request }) => {
  const loc = unique("loc-range");
  const old = await deliverAgo(request, contact(loc), 3);
  const fresh = await deliverStored(request, contact(loc));
  await page.goto(`/events?locationId=${loc}`);
  await expect(rowLinks(page)).toHaveText([`#${fresh}`, `#${old}`]);
  await page.getByRole("button", { name: "Last 1 h" }).click();
  await expect(page).toHaveURL(/[?&]range=1h/);
  await expect(page.getByRole("button", { name: "Last 1 h" })).toHaveAttribute("aria-pressed", "true");
  await expect(rowLinks(page)).toHaveText([`#${fresh}`]);
  await page.getByRole("button", { name: "All time" }).click();
  await expect(page).not.toHaveURL(/range=/);
  await expect(rowLinks(page)).toHaveCount(2);
});

test("keyboard: / focuses the search, j/k move through rows, Enter opens, g e goes to events, ? shows the shortcuts", async ({ page, request }) => {
  const loc = unique("loc-keys");
  const first = await deliverStored(request, contact(loc));
  const second = await deliverStored(request, contact(loc));
  await page.goto(`/events?locationId=${loc}`);
  await expect(rowLinks(page)).toHaveText([`#${second}`, `#${first}`]);

  await page.keyboard.press("/");
  await expect(page.getByLabel("Search bodies")).toBeFocused();
  // Typed into a field, j is text, not a shortcut.
  await page.keyboard.type("j");
  await expect(page.getByLabel("Search bodies")).toHaveValue("j");
  await page.getByLabel("Search bodies").fill("");
  await page.getByRole("heading", { level: 1 }).click();

  await page.keyboard.press("j");
  await expect(rowLinks(page).nth(0)).toBeFocused();
  await page.keyboard.press("j");
  await expect(rowLinks(page).nth(1)).toBeFocused();
  await expect(page.locator("main table tbody tr").nth(1)).toHaveAttribute("data-selected", "true");
  await page.keyboard.press("k");
  await expect(rowLinks(page).nth(0)).toBeFocused();
  // With a modifier held, keys stay the browser's.
  await page.keyboard.press("Control+j");
  await expect(rowLinks(page).nth(0)).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/events/${second}$`));

  await page.getByRole("heading", { level: 1 }).click();
  await page.keyboard.press("g");
  await page.keyboard.press("e");
  await expect(page).toHaveURL(/\/events$/);

  const opener = page.getByRole("heading", { level: 1 });
  await opener.click();
  await page.keyboard.press("?");
  const dialog = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Close" })).toBeFocused();
  await expect(dialog).toContainText("Go to Locations");
  const results = await new AxeBuilder({ page }).include("dialog").analyze();
  expect(results.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(" ")) }))).toEqual([]);
  // Focus stays inside: Tab cannot reach the page behind the modal.
  await page.keyboard.press("Tab");
  await expect(page.locator("main a").first()).not.toBeFocused();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();

  // The button opens it too, and focus goes back to it on close.
  const button = page.getByRole("button", { name: /Shortcuts/ });
  await button.click();
  await expect(dialog).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(button).toBeFocused();
});
