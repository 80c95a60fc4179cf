import { expect, test } from "@playwright/test";
import { deliver, screenshot } from "./helpers";

test("home page shows the database, the webhook URLs and counts deliveries", async ({ page, request }) => {
  const locationId = `loc-home-${Date.now()}`;
  const stored = await deliver(
    request,
    {
      id: `assoc-${Date.now()}`,
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
  await expect(page.getByRole("heading", { name: "Association Monitor" })).toBeVisible();
  await expect(page.getByText(/Database: (sqlite|postgresql)/)).toBeVisible();
  await expect(page.getByText("/api/webhooks/highlevel/AssociationUpdate")).toBeVisible();
  const events = page.getByText("Events stored").locator("xpath=following-sibling::dd");
  await expect(events).not.toHaveText("0");
  await screenshot(page, "home");

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
