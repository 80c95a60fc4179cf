// One association's page: what an update changed, the raw bodies, its relations;
// times in the viewer's zone; and the 404 page for unknown ids.
import { expect, test } from "@playwright/test";
import { associationBody, deliverStored, screenshot, unique } from "./helpers";

test("the detail page shows an update's field change, the raw body and the relations with their status", async ({ page, request }) => {
  const loc = unique("loc-detail");
  const id = unique("assoc-detail");
  const key = unique("buyer_home");
  const create = associationBody({ id, key, locationId: loc, firstObjectLabel: "Buyer", timestamp: "2026-01-12T15:04:05.000Z" });
  const createId = await deliverStored(request, create, "AssociationCreate");
  const update = {
    ...create,
    firstObjectLabel: "Purchaser",
    firstObjectToSecondObjectCardinality: "MANY_TO_MANY",
    secondObjectToFirstObjectCardinality: "ONE_TO_MANY",
    timestamp: "2026-07-04T15:00:00.000Z",
  };
  const updateId = await deliverStored(request, update, "AssociationUpdate");
  const relation = (relId: string, record: string) => ({
    id: relId,
    associationId: id,
    locationId: loc,
    firstObjectKey: "contact",
    firstRecordId: `contact-${record}`,
    secondObjectKey: "custom_objects.property",
    secondRecordId: `property-${record}`,
  });
  const kept = unique("rel-kept");
  const removed = unique("rel-removed");
  await deliverStored(request, relation(kept, "1"), "RelationCreate");
  await deliverStored(request, relation(removed, "2"), "RelationCreate");
  // Real deliveries carry a webhookId; without one, identical bytes count as a re-sent duplicate.
  await deliverStored(request, { ...relation(removed, "2"), webhookId: unique("wh") }, "RelationDelete");

  await page.goto(`/associations/${encodeURIComponent(id)}`);
  await expect(page.getByRole("heading", { level: 1, name: key })).toBeVisible();
  await expect(page.getByText("Purchaser (contact) ↔ Property (custom_objects.property)")).toBeVisible();

  const history = page.locator("section").filter({ has: page.getByRole("heading", { name: /^History \(2 events/ }) });
  const entries = history.getByRole("listitem").filter({ has: page.getByRole("link", { name: /^Association(Create|Update) #\d+$/ }) });
  await expect(entries).toHaveCount(2);
  const updateEntry = entries.filter({ has: page.getByRole("link", { name: `AssociationUpdate #${updateId}` }) });
  // Newest delivery first.
  await expect(entries.nth(0).getByRole("link", { name: `AssociationUpdate #${updateId}` })).toBeVisible();
  await expect(entries.nth(1).getByRole("link", { name: `AssociationCreate #${createId}` })).toBeVisible();
  const labelChange = updateEntry.getByRole("listitem").filter({ hasText: "firstObjectLabel" });
  await expect(labelChange).toHaveText(/firstObjectLabel\s*Buyer\s*→\s*Purchaser/);
  await expect(labelChange.locator(".line-through")).toHaveText("Buyer");
  // The raw body is hidden until "Raw body" is expanded.
  const raw = updateEntry.locator("pre");
  await expect(raw).toBeHidden();
  await updateEntry.locator("summary", { hasText: "Raw body" }).click();
  await expect(raw).toBeVisible();
  await expect(raw).toContainText(`"firstObjectLabel": "Purchaser"`);
  await expect(raw).toContainText(`"id": "${id}"`);

  const relations = page.getByRole("table", { name: "Relations under this association" });
  await expect(relations.locator("tbody tr")).toHaveCount(2);
  await expect(relations.getByRole("row").filter({ hasText: kept })).toContainText("active");
  await expect(relations.getByRole("row").filter({ hasText: removed })).toContainText("deleted");
  await expect(relations.getByRole("row").filter({ hasText: kept })).toContainText("contact: contact-1");
  await screenshot(page, "association-detail");
});

test("times show in the viewer's zone, with the exact ISO 8601 UTC value in the title", async ({ page, request }) => {
  const id = unique("assoc-time");
  const body = associationBody({ id, key: unique("timed"), locationId: unique("loc-time"), timestamp: "2026-01-12T15:04:05.000Z" });
  await deliverStored(request, body, "AssociationCreate");
  await deliverStored(
    request,
    {
      ...body,
      secondObjectLabel: "Home",
      firstObjectToSecondObjectCardinality: "ONE_TO_ONE",
      secondObjectToFirstObjectCardinality: "ONE_TO_ONE",
      timestamp: "2026-07-04T15:00:00.000Z",
    },
    "AssociationUpdate",
  );
  await page.goto(`/associations/${encodeURIComponent(id)}`);

  // Winter (EST, UTC-5) and summer (EDT, UTC-4) event times in America/New_York.
  const winter = page.locator('time[datetime="2026-01-12T15:04:05.000Z"]').first();
  await expect(winter).toHaveAttribute("title", "2026-01-12T15:04:05.000Z");
  // The server renders UTC; the browser switches to local time when the page hydrates.
  await expect(winter).toHaveText(/12 Jan 2026.*10:04:05.*(GMT-5|EST)/, { timeout: 15_000 });
  const summer = page.locator('time[datetime="2026-07-04T15:00:00.000Z"]').first();
  await expect(summer).toHaveText(/04 Jul 2026.*11:00:00.*(GMT-4|EDT)/);

  // Every rendered time: ISO UTC title, local text (never the server's UTC rendering).
  const times = page.locator("time");
  expect(await times.count()).toBeGreaterThan(4);
  for (const time of await times.all()) {
    const title = await time.getAttribute("title");
    expect(title).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    await expect(time).toHaveText(/(GMT-[45]|E[SD]T)$/);
  }
});

test("unknown association and event ids answer 404 with a Not found page", async ({ page }) => {
  for (const path of ["/associations/does-not-exist", "/events/999999999", "/events/not-a-number"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(page.getByRole("heading", { level: 1, name: "Not found" })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  }
  await screenshot(page, "not-found");
  const outside = await page.goto("/no-such-page");
  expect(outside?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Not found" })).toBeVisible();
});
