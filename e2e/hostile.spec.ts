// Labels and keys come from outside: markup in them must stay text everywhere.
import { expect, test, type Page } from "@playwright/test";
import { associationBody, deliverStored, screenshot, unique } from "./helpers";

const IMG = `<img src=x onerror="window.__pwned=1">`;
const SCRIPT = `<script>window.__pwned=1</script>`;

async function expectInert(page: Page) {
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  // (The label does appear inside Next's inline data scripts, as an escaped JSON string.)
  expect(await page.locator("script").evaluateAll((scripts) => scripts.filter((s) => s.textContent?.trim() === "window.__pwned=1").length)).toBe(0);
  expect(await page.evaluate(() => (window as Window & { __pwned?: unknown }).__pwned)).toBeUndefined();
}

test("hostile labels and keys are shown literally as text on the list, detail and event pages", async ({ page, request }) => {
  const loc = unique("loc-hostile");
  const id = unique("hostile");
  const body = associationBody({ id, key: IMG, locationId: loc, firstObjectLabel: IMG, secondObjectLabel: SCRIPT });
  const eventId = await deliverStored(request, body, "AssociationCreate");
  await deliverStored(
    request,
    { ...body, firstObjectLabel: SCRIPT, firstObjectToSecondObjectCardinality: IMG, secondObjectToFirstObjectCardinality: "ONE_TO_ONE" },
    "AssociationUpdate",
  );

  await page.goto(`/associations?locationId=${loc}`);
  const row = page.getByRole("table", { name: "Associations" }).locator("tbody tr");
  await expect(row).toHaveCount(1);
  await expect(row.getByRole("link", { name: IMG, exact: true })).toBeVisible();
  await expect(row.getByRole("cell", { name: SCRIPT, exact: true })).toHaveCount(2);
  await expect(row.getByRole("cell", { name: IMG, exact: true })).toHaveCount(2);
  await expectInert(page);
  await screenshot(page, "hostile-list");

  // The search filter takes the markup as text too.
  await page.getByLabel("Search key or label").fill("<script>");
  await page.waitForURL((url) => url.searchParams.get("q") === "<script>");
  await expect(row).toHaveCount(1);
  await expectInert(page);

  await row.getByRole("link", { name: IMG, exact: true }).click();
  await page.waitForURL(`**/associations/${id}`);
  await expect(page.getByRole("heading", { level: 1, name: IMG, exact: true })).toBeVisible();
  const history = page.locator("section").filter({ has: page.getByRole("heading", { name: /^History/ }) });
  // The update's changes: firstObjectLabel IMG → SCRIPT, a cardinality ∅ → IMG.
  const changes = history.locator("ol > li").filter({ hasText: "AssociationUpdate" }).locator("ul > li");
  await expect(changes.filter({ hasText: "firstObjectLabel" }).locator("span")).toHaveText(["firstObjectLabel", IMG, "→", SCRIPT]);
  await expect(changes.filter({ hasText: "firstObjectToSecondObjectCardinality" }).locator("span")).toHaveText([
    "firstObjectToSecondObjectCardinality",
    "∅",
    "→",
    IMG,
  ]);
  await expectInert(page);
  await screenshot(page, "hostile-detail");

  await page.goto(`/events/${eventId}`);
  await expect(page.locator("pre")).toContainText(`"key": "${IMG.replaceAll('"', '\\"')}"`);
  await expectInert(page);
  await page.goto(`/events?locationId=${loc}`);
  await expect(page.getByRole("table", { name: "Stored deliveries, newest first" }).locator("tbody tr")).toHaveCount(2);
  await expectInert(page);
});
