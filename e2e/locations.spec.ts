// The locations page: per location, what was received, with links to its lists;
// install state and silence, and the filters that find them.
import { sign } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { deliverStored, screenshot, seedAssociations, tableRows, unique, waitProjected } from "./helpers";

test("each location shows its counts and links to its filtered associations and events", async ({ page, request }) => {
  const loc = unique("loc-places");
  const assocId = unique("place");
  await seedAssociations(request, [
    { id: assocId, key: "place_a", locationId: loc },
    { id: unique("place"), key: "place_b", locationId: loc },
  ]);
  const relation = {
    id: unique("rel"),
    associationId: assocId,
    locationId: loc,
    firstObjectKey: "contact",
    firstRecordId: "c1",
    secondObjectKey: "custom_objects.property",
    secondRecordId: "p1",
  };
  await deliverStored(request, relation, "RelationCreate");
  await deliverStored(request, { type: "ContactCreate", id: unique("c"), locationId: loc });

  await page.goto("/locations");
  await expect(page.getByRole("heading", { level: 1, name: "Locations" })).toBeVisible();
  // Most recently active first: this location heads the list. (The time turns local once the page hydrates.)
  const row = tableRows(page, "Locations").first();
  await expect(row.locator("td")).toHaveText(
    [`${loc}Rename`, "unknown", /(GMT-[45]|E[SD]T)$/, "4 / usual 0", "not a daily sender", "2", "1", "4", "AssociationsEvents"],
    { timeout: 15_000 },
  );
  await expect(row.getByRole("link", { name: loc, exact: true })).toHaveAttribute("href", `/locations/${loc}`);
  await screenshot(page, "locations");

  await row.getByRole("link", { name: `Associations in ${loc}` }).click();
  await page.waitForURL((url) => url.pathname === "/associations" && url.searchParams.get("locationId") === loc);
  await expect(page.getByLabel("Location")).toHaveValue(loc);
  await expect(tableRows(page, "Associations")).toHaveCount(2);

  await page.goBack();
  await tableRows(page, "Locations")
    .first()
    .getByRole("link", { name: `Events in ${loc}` })
    .click();
  await page.waitForURL((url) => url.pathname === "/events" && url.searchParams.get("locationId") === loc);
  await expect(tableRows(page, "Stored deliveries, newest first")).toHaveCount(4);
});

const privateKey = readFileSync(join(import.meta.dirname, "keys/test-ed25519-private.pem"), "utf8");
const HOUR = 3_600_000;

/**
 * A signed delivery received `hoursAgo` in the past, through the real receiver
 * (POST /api/e2e/deliver-at, enabled only on the e2e server). Returns the event id.
 */
async function deliverAgo(request: APIRequestContext, body: Record<string, unknown>, hoursAgo: number): Promise<number> {
  const raw = Buffer.from(JSON.stringify(body));
  const receivedAt = new Date(Date.now() - hoursAgo * HOUR).toISOString();
  const response = await request.post(`/api/e2e/deliver-at?receivedAt=${encodeURIComponent(receivedAt)}`, {
    data: raw,
    headers: { "content-type": "application/json", "x-ghl-signature": sign(null, raw, privateKey).toString("base64") },
  });
  expect(response.status()).toBe(200);
  return ((await response.json()) as { eventId: number }).eventId;
}

/** One delivery every 6 hours for two weeks, the newest `quietHours` ago: a daily sender gone quiet. */
async function history(request: APIRequestContext, locationId: string, quietHours: number): Promise<number> {
  let last = 0;
  for (let ago = quietHours; ago < 14 * 24; ago += 6)
    last = Math.max(last, await deliverAgo(request, { type: "ContactCreate", webhookId: unique("wh"), id: unique("c"), locationId }, ago));
  return last;
}

test("a silent location and an uninstalled one show as such, and the filters find them", async ({ page, request }) => {
  test.setTimeout(90_000);
  const silent = unique("loc-silent");
  const gone = unique("loc-gone");
  const install = (type: string, locationId: string, hoursAgo: number) =>
    deliverAgo(
      request,
      {
        type,
        appId: "app",
        versionId: "v1",
        installType: "Location",
        locationId,
        companyId: "co-e2e",
        webhookId: unique("wh"),
        timestamp: new Date(Date.now() - hoursAgo * HOUR).toISOString(),
      },
      hoursAgo,
    );
  await install("INSTALL", silent, 14 * 24 + 2);
  await install("INSTALL", gone, 14 * 24 + 2);
  // Both sent every 6 h for two weeks and nothing for the last 11 h; the second was uninstalled then.
  const last = Math.max(await history(request, silent, 11), await history(request, gone, 11), await install("UNINSTALL", gone, 11));
  await waitProjected(request, last);

  await page.goto(`/locations?silent=1&q=${encodeURIComponent(silent)}`);
  const row = tableRows(page, "Locations").first();
  await expect(tableRows(page, "Locations")).toHaveCount(1);
  await expect(row.locator("td").nth(0)).toHaveText(`${silent}Rename`);
  await expect(row.locator("td").nth(1)).toContainText(/^installed\s*since /);
  await expect(row.locator("td").nth(3)).toHaveText(/^\d+ \/ usual 4$/);
  await expect(row.locator("td").nth(4)).toHaveText("silentsilent for 11 h; longest quiet spell in 14 days: 6 h");
  await screenshot(page, "locations-silent");

  // Quiet for just as long, but uninstalled: not silent, and the filter says so.
  await page.goto(`/locations?silent=1&q=${encodeURIComponent(gone)}`);
  await expect(page.getByText("No locations match these filters")).toBeVisible();
  await page.goto(`/locations?q=${encodeURIComponent(gone)}`);
  await expect(tableRows(page, "Locations").first().locator("td").nth(1)).toContainText(/^uninstalled\s*at /);
  await expect(tableRows(page, "Locations").first().locator("td").nth(4)).toHaveText("uninstalled");

  // The controls, from the keyboard: the search box and the two selects write the URL.
  await page.goto("/locations");
  const search = page.getByLabel("Search name or id");
  // Typing before hydration is lost (the box is then re-rendered empty): retry until the URL follows.
  await expect(async () => {
    await search.fill(silent.slice(0, -2));
    await search.press("Enter");
    await expect(page).toHaveURL((url) => url.searchParams.get("q") === silent.slice(0, -2), { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await page.getByLabel("Silence").selectOption("1");
  await page.waitForURL((url) => url.searchParams.get("silent") === "1");
  await expect(tableRows(page, "Locations").first().locator("td").nth(0)).toHaveText(`${silent}Rename`);
  await page.getByLabel("App").selectOption("uninstalled");
  await page.waitForURL((url) => url.searchParams.get("state") === "uninstalled");
  await expect(page.getByText("No locations match these filters")).toBeVisible();
  await page.getByRole("button", { name: "Clear filters" }).click();
  await page.waitForURL((url) => url.search === "");

  // The overview counts it and links to the silent ones.
  await page.goto("/");
  await page.getByRole("link", { name: /^Silent locations: [1-9]/ }).click();
  await page.waitForURL((url) => url.pathname === "/locations" && url.searchParams.get("silent") === "1");
  await expect(tableRows(page, "Locations").filter({ hasText: silent })).toHaveCount(1);
  await expect(tableRows(page, "Locations").filter({ hasText: gone })).toHaveCount(0);
});
