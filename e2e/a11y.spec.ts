// Accessibility: axe finds no serious or critical problem on any page, and the list
// controls work from the keyboard.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { associationBody, deliverStored, unique } from "./helpers";

async function expectNoSeriousViolations(page: Page, path: string, status = 200) {
  const response = await page.goto(path);
  expect(response?.status(), path).toBe(status);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  // Expanded disclosures are checked too (raw bodies, chart tables, rejected details).
  await page.locator("details").evaluateAll((all: HTMLDetailsElement[]) => {
    for (const d of all) d.open = true;
  });
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(" ")).slice(0, 5) }));
  expect(serious, `${path}: ${JSON.stringify(serious, null, 2)}`).toEqual([]);
}

test("axe finds no serious or critical violations on any dashboard page", async ({ page, request }) => {
  test.setTimeout(90_000);
  const loc = unique("loc-a11y");
  const id = unique("a11y");
  const body = associationBody({ id, key: "a11y_key", locationId: loc });
  await deliverStored(request, body, "AssociationCreate");
  const updateId = await deliverStored(
    request,
    { ...body, firstObjectLabel: "Owner", firstObjectToSecondObjectCardinality: "ONE_TO_ONE", secondObjectToFirstObjectCardinality: "ONE_TO_ONE" },
    "AssociationUpdate",
  );
  await deliverStored(
    request,
    {
      id: unique("rel"),
      associationId: id,
      locationId: loc,
      firstObjectKey: "contact",
      firstRecordId: "c1",
      secondObjectKey: "custom_objects.property",
      secondRecordId: "p1",
    },
    "RelationCreate",
  );
  await request.post("/api/webhooks/highlevel", { data: { type: "AssociationCreate" } }); // one rejected request

  for (const path of [
    "/",
    "/associations",
    `/associations?locationId=${loc}`,
    `/associations/${id}`,
    "/events",
    `/events/${updateId}`,
    "/locations",
    "/rejected",
  ]) {
    await expectNoSeriousViolations(page, path);
  }
  await expectNoSeriousViolations(page, "/associations/does-not-exist", 404);
});

test("the Location filter and sortable headers are reachable with Tab, and Enter on a header sorts", async ({ page, request }) => {
  const loc = unique("loc-keys");
  for (const key of ["kb_2", "kb_1", "kb_3"]) {
    await deliverStored(request, associationBody({ id: unique("kb"), key, locationId: loc }), "AssociationCreate");
  }
  await page.goto("/associations");
  // Keystrokes before hydration would be reset by React: wait for the client to be live.
  await expect(page.getByText("Live: watching for new deliveries")).toBeVisible({ timeout: 15_000 });
  const location = page.getByLabel("Location");
  const keyButton = page.getByRole("button", { name: "Key", exact: true });

  /** Presses Tab until the locator has focus; fails after `max` presses. */
  const tabTo = async (target: typeof location, max = 40) => {
    for (let i = 0; i < max; i++) {
      await page.keyboard.press("Tab");
      if (await target.evaluate((el) => el === document.activeElement)) return;
    }
    throw new Error(`not reached with ${max} Tab presses`);
  };

  await tabTo(location);
  await expect(location).toBeFocused();
  await page.keyboard.type(loc);
  await page.keyboard.press("Enter");
  await expect.poll(() => new URL(page.url()).searchParams.get("locationId"), { timeout: 10_000 }).toBe(loc);
  const rows = page.getByRole("table", { name: "Associations" }).locator("tbody tr");
  await expect(rows).toHaveCount(3);

  await tabTo(keyButton);
  await expect(keyButton).toBeFocused();
  await page.keyboard.press("Enter");
  await expect.poll(() => new URL(page.url()).searchParams.get("sort"), { timeout: 10_000 }).toBe("key");
  await expect(page.getByRole("columnheader", { name: "Key" })).toHaveAttribute("aria-sort", "ascending");
  await expect.poll(() => rows.locator("td:first-child").allInnerTexts()).toEqual(["kb_1", "kb_2", "kb_3"]);
  // Space works as well and flips the direction.
  await keyButton.focus();
  await page.keyboard.press("Space");
  await expect.poll(() => new URL(page.url()).searchParams.get("sort"), { timeout: 10_000 }).toBe("-key");
  await expect.poll(() => rows.locator("td:first-child").allInnerTexts()).toEqual(["kb_3", "kb_2", "kb_1"]);
});
