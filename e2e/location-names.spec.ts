// Location names and links into HighLevel in the browser: name a location on its
// page, see the name in the associations list, find it by typing the name into the
// Location filter, and the Open in HighLevel links (the location's, and a contact's
// in a relation, none for other object types).
import { expect, test } from "@playwright/test";
import { deliverStored, screenshot, seedAssociations, tableRows, unique } from "./helpers";

// The e2e server passes the environment through: a white-label base given to the run is the one expected.
const appBase = (process.env.HIGHLEVEL_APP_URL || "https://app.gohighlevel.com").replace(/\/+$/, "");

test("name a location on its page, see it in the associations list and filter the list by it", async ({ page, request }) => {
  const locationId = unique("loc-named");
  const other = unique("loc-other");
  const key = unique("named-key");
  const otherKey = unique("other-key");
  await seedAssociations(request, [
    { id: unique("id"), key, locationId },
    { id: unique("id"), key: otherKey, locationId: other },
  ]);
  const tag = unique("x").slice(-6);
  const name = `Acme Dental ${tag}`;

  await page.goto(`/locations/${encodeURIComponent(locationId)}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(locationId);
  const open = page.getByRole("link", { name: /Open in HighLevel/ }).first();
  await expect(open).toHaveAttribute("href", `${appBase}/v2/location/${locationId}`);
  await expect(open).toHaveAttribute("target", "_blank");
  await expect(open).toHaveAttribute("rel", "noreferrer");

  // Keyboard only: type, Enter saves.
  const field = page.getByLabel("Display name");
  await field.fill(`  ${name}  `);
  await field.press("Enter");
  await expect(page.getByText(`Saved: ${name}`)).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
  await screenshot(page, "location-named");

  // A name that breaks the rules is refused with the server's reason, and the old name stays.
  await field.fill("Acme \u202Eevil");
  await field.press("Enter");
  await expect(page.getByRole("form", { name: "Location name" }).getByRole("alert")).toContainText("control characters");
  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);

  await page.goto("/associations");
  const row = tableRows(page, "Associations").filter({ hasText: key });
  await expect(row).toHaveCount(1);
  await expect(row.getByRole("link", { name: new RegExp(name) })).toHaveAttribute("href", `/locations/${locationId}`);

  // Typing part of the name, in another case, finds the location.
  const location = page.getByLabel("Location");
  // Typed before the page has hydrated, text is reset by React: type again until the URL takes it.
  await expect(async () => {
    await location.fill(`dental ${tag}`.toUpperCase());
    await page.waitForURL((url) => url.searchParams.get("locationId") === `DENTAL ${tag}`.toUpperCase(), { timeout: 3_000 });
  }).toPass({ timeout: 15_000 });
  await expect(tableRows(page, "Associations")).toHaveCount(1);
  await expect(tableRows(page, "Associations").filter({ hasText: key })).toHaveCount(1);
  await expect(page.getByText("1 matching", { exact: true })).toBeVisible();
  // The suggestions offer the id labelled with the name.
  const listId = await location.getAttribute("list");
  await expect(page.locator(`datalist[id="${listId}"] option[value="${locationId}"]`)).toHaveAttribute("label", `${name} (${locationId})`);
  await screenshot(page, "associations-filtered-by-name");

  // Clearing the name falls back to the id.
  await page.goto(`/locations/${encodeURIComponent(locationId)}`);
  await page.getByRole("button", { name: "Clear name" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(locationId);
});

test("Open in HighLevel for contact records in relations, nothing for other object types", async ({ page, request }) => {
  const locationId = unique("loc-links");
  const associationId = unique("assoc");
  await seedAssociations(request, [{ id: associationId, key: unique("links-key"), locationId }]);
  const contactId = unique("contact");
  const propertyId = unique("property");
  await deliverStored(
    request,
    {
      id: unique("rel"),
      associationId,
      firstObjectKey: "contact",
      firstRecordId: contactId,
      secondObjectKey: "custom_objects.property",
      secondRecordId: propertyId,
      locationId,
    },
    "RelationCreate",
  );

  await page.goto(`/associations/${encodeURIComponent(associationId)}`);
  const relations = page.getByRole("table", { name: "Relations under this association" });
  const links = relations.getByRole("link", { name: /Open in HighLevel/ });
  await expect(links).toHaveCount(1);
  await expect(links).toHaveAttribute("href", `${appBase}/v2/location/${locationId}/contacts/detail/${contactId}`);
  await expect(links).toHaveAttribute("rel", "noreferrer");
  await expect(relations.getByText(propertyId)).toBeVisible();
  // The association's own location links to its page and into HighLevel.
  await expect(page.getByRole("link", { name: "Open in HighLevel (opens in a new tab)", exact: true }).first()).toHaveAttribute(
    "href",
    `${appBase}/v2/location/${locationId}`,
  );
  await expect(page.getByRole("link", { name: locationId, exact: true })).toHaveAttribute("href", `/locations/${locationId}`);
});

test("rename a location from the Locations list with the keyboard", async ({ page, request }) => {
  const locationId = unique("loc-list-named");
  await seedAssociations(request, [{ id: unique("id"), key: unique("list-key"), locationId }]);
  const name = `Bluebird ${unique("x").slice(-6)}`;

  await page.goto(`/locations?q=${encodeURIComponent(locationId)}`);
  const row = tableRows(page, "Locations").filter({ hasText: locationId });
  await expect(row).toHaveCount(1);
  await row.getByRole("button", { name: `Rename location ${locationId}` }).press("Enter");
  const field = row.getByLabel("Display name");
  await field.fill(name);
  await field.press("Enter");
  await expect(row.getByRole("link", { name })).toHaveAttribute("href", `/locations/${locationId}`);
  await page.reload();
  await expect(tableRows(page, "Locations").filter({ hasText: locationId }).getByRole("link", { name })).toBeVisible();
  await screenshot(page, "locations-list-renamed");
});
