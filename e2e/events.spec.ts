// The events log and one event's page (unclassified and other HighLevel events
// explained), and the rejected-requests page with the likely fix.
import { expect, test } from "@playwright/test";
import { deliverStored, screenshot, tableRows, unique } from "./helpers";

test("unclassified and non-association events are listed and explained; an event page shows headers and raw body", async ({ page, request }) => {
  const loc = unique("loc-events");
  const marker = unique("marker");
  const unclassifiedId = await deliverStored(request, { id: unique("untyped"), locationId: loc, note: marker });
  const contactId = await deliverStored(request, { type: "ContactCreate", id: unique("contact"), locationId: loc, firstName: "Ada" });

  await page.goto(`/events?locationId=${loc}`);
  await expect(page.getByRole("heading", { level: 1, name: "Events" })).toBeVisible();
  const rows = tableRows(page, "Stored deliveries, newest first");
  await expect(rows).toHaveCount(2);
  // Newest first: ContactCreate, then the body without a type.
  await expect(rows.nth(0)).toContainText(`#${contactId}`);
  await expect(rows.nth(0)).toContainText("ContactCreate");
  await expect(rows.nth(0).locator("td").nth(2)).toHaveText("other");
  await expect(rows.nth(1)).toContainText(`#${unclassifiedId}`);
  await expect(rows.nth(1)).toContainText("no type");
  await expect(rows.nth(1).locator("td").nth(2)).toHaveText("unclassified");
  // The page says what the two kinds mean.
  await expect(page.getByText(/other: a HighLevel event this app does not project/)).toBeVisible();
  await expect(page.getByText(/unclassified: a body without a type, kept so nothing is lost/)).toBeVisible();
  await screenshot(page, "events");

  // Filter by kind from the UI.
  await page.getByLabel("Kind").selectOption("unclassified");
  await page.waitForURL((url) => url.searchParams.get("kind") === "unclassified");
  await expect(rows).toHaveCount(1);
  await expect(rows.nth(0)).toContainText(`#${unclassifiedId}`);

  await rows
    .nth(0)
    .getByRole("link", { name: `#${unclassifiedId}` })
    .click();
  await page.waitForURL(`**/events/${unclassifiedId}`);
  await expect(page.getByRole("heading", { level: 1, name: `Unclassified event #${unclassifiedId}` })).toBeVisible();
  await expect(page.getByText(/^A body without a "type" field on the generic URL/)).toBeVisible();
  await expect(page.getByText("Not projected: this event changes no association or relation.")).toBeVisible();
  const headers = page.getByRole("table", { name: "Request headers kept with the event" });
  await expect(headers.getByRole("row", { name: /^content-type application\/json/ })).toBeVisible();
  await expect(headers.getByRole("rowheader", { name: "x-ghl-signature" })).toBeVisible();
  const body = page
    .locator("section")
    .filter({ has: page.getByRole("heading", { name: "Body" }) })
    .locator("pre");
  await expect(body).toContainText(`"note": "${marker}"`);
  await expect(body).toContainText(`"locationId": "${loc}"`);
  await screenshot(page, "event-detail");

  await page.goto(`/events/${contactId}`);
  await expect(page.getByRole("heading", { level: 1, name: `ContactCreate #${contactId}` })).toBeVisible();
  await expect(page.getByText(/A HighLevel event of a type this app does not project \(for example ContactCreate\)/)).toBeVisible();
  await expect(page.locator("pre")).toContainText(`"firstName": "Ada"`);
});

test("the rejected page shows an unsigned request's cause and the likely fix", async ({ page, request }) => {
  const marker = unique("unsigned");
  const response = await request.post("/api/webhooks/highlevel/AssociationCreate", {
    data: JSON.stringify({ id: marker, locationId: "loc-unsigned" }),
    headers: { "content-type": "application/json", "user-agent": `e2e ${marker}` },
  });
  expect(response.status()).toBe(401);

  await page.goto("/rejected");
  await expect(page.getByRole("heading", { level: 1, name: "Rejected requests" })).toBeVisible();
  const entry = page.getByRole("listitem").filter({ hasText: marker });
  await expect(entry).toHaveCount(1);
  await expect(entry).toContainText("401");
  await expect(entry).toContainText("missing_signature");
  await expect(entry).toContainText("POST /api/webhooks/highlevel/AssociationCreate");
  await expect(entry.getByText(/^Likely fix: No X-GHL-Signature or X-WH-Signature header\./)).toBeVisible();
  // Headers and the body prefix are behind a disclosure.
  const body = entry.locator("pre");
  await expect(body).toBeHidden();
  await entry.locator("summary").click();
  await expect(body).toBeVisible();
  await expect(body).toHaveText(JSON.stringify({ id: marker, locationId: "loc-unsigned" }));
  await expect(entry.getByText(`e2e ${marker}`)).toBeVisible();
  await screenshot(page, "rejected");

  // The cause filter keeps it; another cause hides it.
  await page.getByLabel("Cause").selectOption("bad_signature");
  await page.waitForURL((url) => url.searchParams.get("cause") === "bad_signature");
  await expect(page.getByRole("listitem").filter({ hasText: marker })).toHaveCount(0);
});
