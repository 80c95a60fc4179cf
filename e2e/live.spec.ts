// Live updates: a delivery that arrives while a list is open is announced within a
// few seconds without reloading, and "show" brings it into the table.
import { expect, test, type Page } from "@playwright/test";
import { associationBody, deliverStored, tableRows, unique } from "./helpers";

/** Opens a page and waits for the live poller's first answer (its baseline). */
async function openWatching(page: Page, path: string) {
  const baseline = page.waitForResponse((r) => new URL(r.url()).pathname === "/api/events/latest" && r.status() === 200);
  await page.goto(path);
  await baseline;
  await expect(page.getByText("Live: watching for new deliveries")).toBeVisible();
  // A marker that a full reload would wipe out.
  await page.evaluate(() => Object.assign(window, { __noReload: true }));
}

const notReloaded = (page: Page) => page.evaluate(() => (window as Window & { __noReload?: boolean }).__noReload === true);

test("a new delivery is announced on the associations list and shown on request, without a reload", async ({ page, request }) => {
  const loc = unique("loc-live");
  await deliverStored(request, associationBody({ id: unique("live-old"), key: unique("live_old"), locationId: loc }), "AssociationCreate");
  await openWatching(page, "/associations");
  const key = unique("live_new");
  await expect(tableRows(page, "Associations").filter({ hasText: key })).toHaveCount(0);

  await deliverStored(request, associationBody({ id: unique("live-new"), key, locationId: loc }), "AssociationCreate");
  const announce = page.getByRole("button", { name: /new event/ });
  await expect(announce).toBeVisible({ timeout: 10_000 });
  await expect(announce).toHaveText("1 new event · show");
  // The table does not move under the reader until asked.
  await expect(tableRows(page, "Associations").filter({ hasText: key })).toHaveCount(0);

  await announce.click();
  await expect(tableRows(page, "Associations").filter({ hasText: key })).toHaveCount(1);
  await expect(page.getByText("Live: watching for new deliveries")).toBeVisible();
  expect(await notReloaded(page)).toBe(true);

  // Two more deliveries are counted together.
  await deliverStored(request, { type: "ContactCreate", id: unique("c1"), locationId: loc });
  await deliverStored(request, { type: "ContactCreate", id: unique("c2"), locationId: loc });
  await expect(page.getByRole("button", { name: "2 new events · show" })).toBeVisible({ timeout: 10_000 });
  expect(await notReloaded(page)).toBe(true);
});

test("the overview announces a new delivery and lists it under Latest events after show", async ({ page, request }) => {
  await openWatching(page, "/");
  const eventId = await deliverStored(request, { type: "ContactCreate", id: unique("c"), locationId: unique("loc-live-home") });
  const latest = page.locator("section").filter({ has: page.getByRole("heading", { name: "Latest events" }) });
  await expect(latest.getByRole("link", { name: `ContactCreate #${eventId}` })).toHaveCount(0);
  await page.getByRole("button", { name: "1 new event · show" }).click({ timeout: 10_000 });
  await expect(latest.getByRole("link", { name: `ContactCreate #${eventId}` })).toBeVisible();
  expect(await notReloaded(page)).toBe(true);
});
