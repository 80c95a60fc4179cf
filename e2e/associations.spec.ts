// The associations list: filtering by location from the UI (kept in the URL, so it
// survives a reload and can be shared), sorting by header, and paging.
import { expect, test, type Page } from "@playwright/test";
import { screenshot, seedAssociations, tableRows, unique } from "./helpers";

const rows = (page: Page) => tableRows(page, "Associations");
/** The key shown in each row, top to bottom. */
const keysShown = (page: Page) => rows(page).locator("td:first-child").allInnerTexts();

test("filtering by location from the Location control is kept in the URL, across reloads and in a fresh page", async ({ page, request, context }) => {
  const locA = unique("loc-filter-a");
  const locB = unique("loc-filter-b");
  const keysA = [unique("key-a1"), unique("key-a2")];
  const keyB = unique("key-b1");
  await seedAssociations(request, [
    { id: unique("id"), key: keysA[0] ?? "", locationId: locA },
    { id: unique("id"), key: keyB, locationId: locB },
    { id: unique("id"), key: keysA[1] ?? "", locationId: locA },
  ]);

  await page.goto("/associations");
  // Unfiltered, both locations are listed.
  await expect(rows(page).filter({ hasText: keyB })).toHaveCount(1);
  await expect(rows(page).filter({ hasText: keysA[0] })).toHaveCount(1);

  const location = page.getByLabel("Location");
  await expect(location).toBeEditable();
  // The control suggests known locationIds.
  const listId = await location.getAttribute("list");
  expect(listId).toBeTruthy();
  await expect(page.locator(`datalist[id="${listId}"] option[value="${locA}"]`)).toHaveCount(1);

  await location.fill(locA);
  await page.waitForURL((url) => url.searchParams.get("locationId") === locA);
  const expectOnlyA = async (p: Page) => {
    await expect(rows(p)).toHaveCount(2);
    await expect(rows(p).filter({ hasText: locA })).toHaveCount(2);
    await expect(rows(p).filter({ hasText: locB })).toHaveCount(0);
    expect((await keysShown(p)).sort()).toEqual([...keysA].sort());
    await expect(p.getByText("2 matching", { exact: true })).toBeVisible();
  };
  await expectOnlyA(page);
  await screenshot(page, "associations-filtered");

  await page.reload();
  await expect(page.getByLabel("Location")).toHaveValue(locA);
  await expectOnlyA(page);

  const fresh = await context.newPage();
  await fresh.goto(page.url());
  await expect(fresh.getByLabel("Location")).toHaveValue(locA);
  await expectOnlyA(fresh);
  await fresh.close();

  // Clearing the filter lists every location again.
  await page.getByRole("button", { name: "Clear filters" }).click();
  await page.waitForURL((url) => !url.searchParams.has("locationId"));
  await expect(page.getByLabel("Location")).toHaveValue("");
  await expect(rows(page).filter({ hasText: keyB })).toHaveCount(1);
});

test("clicking a column header sorts through the URL, and paging walks every row once", async ({ page, request }) => {
  const loc = unique("loc-sort");
  const stem = unique("k");
  // Keys delivered out of order; labels run the other way, so sorting by them differs.
  const specs = [
    { suffix: "c", label: "Agent" },
    { suffix: "a", label: "Owner" },
    { suffix: "e", label: "Broker" },
    { suffix: "b", label: "Lender" },
    { suffix: "d", label: "Tenant" },
  ];
  await seedAssociations(
    request,
    specs.map((s) => ({ id: unique("id"), key: `${stem}_${s.suffix}`, locationId: loc, firstObjectLabel: s.label })),
  );
  const ascending = ["a", "b", "c", "d", "e"].map((s) => `${stem}_${s}`);

  await page.goto(`/associations?locationId=${loc}`);
  await expect(rows(page)).toHaveCount(5);
  const keyHeader = page.getByRole("columnheader", { name: "Key" });
  await expect(keyHeader).toHaveAttribute("aria-sort", "none");

  await page.getByRole("button", { name: "Key", exact: true }).click();
  await page.waitForURL((url) => url.searchParams.get("sort") === "key");
  await expect(keyHeader).toHaveAttribute("aria-sort", "ascending");
  await expect.poll(() => keysShown(page)).toEqual(ascending);

  await page.getByRole("button", { name: "Key", exact: true }).click();
  await page.waitForURL((url) => url.searchParams.get("sort") === "-key");
  await expect(keyHeader).toHaveAttribute("aria-sort", "descending");
  await expect.poll(() => keysShown(page)).toEqual([...ascending].reverse());

  // Another column starts ascending: Agent, Broker, Lender, Owner, Tenant.
  await page.getByRole("button", { name: "First label", exact: true }).click();
  await page.waitForURL((url) => url.searchParams.get("sort") === "firstObjectLabel");
  await expect(keyHeader).toHaveAttribute("aria-sort", "none");
  await expect.poll(() => keysShown(page)).toEqual(["c", "e", "b", "a", "d"].map((s) => `${stem}_${s}`));

  // Two rows a page, by key: Next walks a,b / c,d / e; Previous comes back.
  await page.goto(`/associations?locationId=${loc}&sort=key&limit=2`);
  const next = page.getByRole("button", { name: "Next →" });
  const previous = page.getByRole("button", { name: "← Previous" });
  await expect.poll(() => keysShown(page)).toEqual(ascending.slice(0, 2));
  await expect(previous).toBeDisabled();
  const seen: string[] = [...(await keysShown(page))];

  await next.click();
  await page.waitForURL((url) => url.searchParams.has("cursor") && url.searchParams.get("limit") === "2");
  await expect.poll(() => keysShown(page)).toEqual(ascending.slice(2, 4));
  seen.push(...(await keysShown(page)));

  const secondPage = page.url();
  await next.click();
  await page.waitForURL((url) => url.href !== secondPage && url.searchParams.get("limit") === "2");
  await expect.poll(() => keysShown(page)).toEqual(ascending.slice(4));
  seen.push(...(await keysShown(page)));
  await expect(next).toBeDisabled();
  expect(seen).toEqual(ascending);
  expect(new Set(seen).size).toBe(5);

  await previous.click();
  await page.waitForURL((url) => url.searchParams.has("before") && url.searchParams.get("sort") === "key");
  await expect.poll(() => keysShown(page)).toEqual(ascending.slice(2, 4));
  await previous.click();
  await expect.poll(() => keysShown(page)).toEqual(ascending.slice(0, 2));
  // Back on the first page, the pager says so.
  await expect(page.getByText("Showing 2 rows", { exact: true })).toBeVisible();
  await expect(previous).toBeDisabled();
  await expect(page.getByRole("button", { name: "First", exact: true })).toBeDisabled();
});
