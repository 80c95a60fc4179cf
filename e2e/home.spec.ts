import { expect, test } from "@playwright/test";
import { deliver, screenshot, unique } from "./helpers";

test("overview shows the database, the webhook URLs and counts deliveries", async ({ page, request }) => {
  const locationId = unique("loc-home");
  const stored = await deliver(
    request,
    {
      id: unique("assoc-home"),
      associationType: "USER_DEFINED",
      firstObjectKey: "contact",
      firstObjectLabel: "Buyer",
      secondObjectKey: "custom_objects.property",
      secondObjectLabel: "Property",
      key: "buyer_property",
      locationId,
    },
    "AssociationCreate",
  );
  expect(stored).toEqual({ status: 200, body: { status: "stored", eventId: expect.any(Number) } });

  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Association Monitor" })).toBeVisible();
  await expect(page.getByText(/Database (sqlite|postgresql) · signatures enforce/)).toBeVisible();
  // The write path's health: no 429s from this fresh server, and no lag banner.
  await expect(page.getByText(/receiver answered no 429 since/)).toBeVisible();
  await expect(page.getByText(/Projection is \d+ s behind/)).toHaveCount(0);
  await expect(page.getByText(/^http:\/\/127\.0\.0\.1:\d+\/api\/webhooks\/highlevel\/AssociationUpdate$/)).toBeVisible();
  const events = page.getByText("Events stored", { exact: true }).locator("xpath=following-sibling::dd");
  await expect(events).toHaveText(/^[1-9][\d,]*$/);
  // The newest delivery is listed under "Latest events" with its location.
  const latest = page.locator("section").filter({ has: page.getByRole("heading", { name: "Latest events" }) });
  await expect(latest.getByRole("link", { name: `AssociationCreate #${stored.body.eventId}` })).toBeVisible();
  await expect(latest.getByText(locationId)).toBeVisible();
  await screenshot(page, "overview");

  const api = await request.get(`/api/associations?locationId=${locationId}`);
  expect(api.status()).toBe(200);
  const rows = ((await api.json()) as { data: { key: string; locationId: string }[] }).data;
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ key: "buyer_property", locationId });
});

test("an unsigned delivery over real HTTP is refused with 401 and logged", async ({ request }) => {
  const response = await request.post("/api/webhooks/highlevel", { data: { type: "AssociationCreate" } });
  expect(response.status()).toBe(401);
  expect(await response.json()).toMatchObject({ error: { code: "missing_signature" } });
  const rejected = (await (await request.get("/api/rejected?cause=missing_signature")).json()) as { data: unknown[] };
  expect(rejected.data.length).toBeGreaterThan(0);
});
