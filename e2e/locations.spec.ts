// The locations page: per location, what was received, with links to its lists.
import { expect, test } from "@playwright/test";
import { deliverStored, screenshot, seedAssociations, tableRows, unique } from "./helpers";

test("each location shows its counts and links to its filtered associations and events", async ({ page, request }) => {
  const loc = unique("loc-places");
  const assocId = unique("place");
  await seedAssociations(request, [
    { id: assocId, key: "place_a", locationId: loc },
    { id: unique("place"), key: "place_b", locationId: loc },
  ]);
  const relation = { id: unique("rel"), associationId: assocId, locationId: loc, firstObjectKey: "contact", firstRecordId: "c1", secondObjectKey: "custom_objects.property", secondRecordId: "p1" };
  await deliverStored(request, relation, "RelationCreate");
  await deliverStored(request, { type: "ContactCreate", id: unique("c"), locationId: loc });

  await page.goto("/locations");
  await expect(page.getByRole("heading", { level: 1, name: "Locations" })).toBeVisible();
  // Most recently active first: this location heads the list. (The time turns local once the page hydrates.)
  const row = tableRows(page, "Locations").first();
  await expect(row.locator("td")).toHaveText([loc, "2", "1", "4", /(GMT-[45]|E[SD]T)$/, "AssociationsEvents"], { timeout: 15_000 });
  await screenshot(page, "locations");

  await row.getByRole("link", { name: `Associations in ${loc}` }).click();
  await page.waitForURL((url) => url.pathname === "/associations" && url.searchParams.get("locationId") === loc);
  await expect(page.getByLabel("Location")).toHaveValue(loc);
  await expect(tableRows(page, "Associations")).toHaveCount(2);

  await page.goBack();
  await tableRows(page, "Locations").first().getByRole("link", { name: `Events in ${loc}` }).click();
  await page.waitForURL((url) => url.pathname === "/events" && url.searchParams.get("locationId") === loc);
  await expect(tableRows(page, "Stored deliveries, newest first")).toHaveCount(4);
});
