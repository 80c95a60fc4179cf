// Investigate: an association's state at a picked time and after a history entry,
// and two events compared (picked on the events list or from a history entry), with
// axe on the comparison page.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { associationBody, deliverStored, screenshot, unique } from "./helpers";

/** Creates an association labelled Buyer in January and relabelled Purchaser in February; returns the ids. */
async function seed(request: Parameters<typeof deliverStored>[0]) {
  const loc = unique("loc-inv");
  const id = unique("assoc-inv");
  const create = associationBody({ id, key: unique("inv_key"), locationId: loc, firstObjectLabel: "Buyer", timestamp: "2026-01-12T15:00:00.000Z" });
  const createId = await deliverStored(request, create, "AssociationCreate");
  const updateId = await deliverStored(
    request,
    {
      ...create,
      firstObjectLabel: "Purchaser",
      firstObjectToSecondObjectCardinality: "ONE_TO_ONE",
      secondObjectToFirstObjectCardinality: "ONE_TO_MANY",
      timestamp: "2026-02-12T15:00:00.000Z",
    },
    "AssociationUpdate",
  );
  return { loc, id, createId, updateId };
}

const stateCard = (page: Page) =>
  page.locator("section").filter({ has: page.getByRole("heading", { level: 2, name: /^(Current state|State as of|State after|State in the past)/ }) });
const field = (page: Page, name: string) =>
  stateCard(page)
    .locator("dl > div")
    .filter({ has: page.locator("dt", { hasText: new RegExp(`^${name}$`) }) })
    .locator("dd");

test("the association page shows the state at a picked time, after a history entry, and says when there was none", async ({ page, request }) => {
  const { id, createId } = await seed(request);
  await page.goto(`/associations/${encodeURIComponent(id)}`);
  await expect(stateCard(page).getByRole("heading", { name: "Current state" })).toBeVisible();
  await expect(field(page, "firstObjectLabel")).toHaveText("Purchaser");
  // The zone in the label is filled in by the browser: the picker is live.
  const picker = page.getByLabel("State at (America/New_York)");
  await expect(picker).toBeVisible({ timeout: 15_000 });

  // 20 January, 10:00 in New York = 15:00 UTC: after the Create, before the Update.
  await picker.fill("2026-01-20T10:00:00");
  await page.getByRole("button", { name: "Show state" }).click();
  await expect.poll(() => new URL(page.url()).searchParams.get("at"), { timeout: 10_000 }).toBe("2026-01-20T15:00:00.000Z");
  await expect(stateCard(page).getByRole("heading", { name: /^State as of 20 Jan 2026, 10:00:00 (EST|GMT-5) \(by event time\)$/ })).toBeVisible();
  await expect(field(page, "firstObjectLabel")).toHaveText("Buyer");
  await expect(field(page, "firstObjectToSecondObjectCardinality")).toHaveText("—");
  // The picker shows the chosen moment back, in the viewer's zone (Chromium drops ":00" seconds).
  await expect(page.getByLabel("State at (America/New_York)")).toHaveValue(/^2026-01-20T10:00(:00)?$/);
  await screenshot(page, "association-state-at");

  await page.getByRole("button", { name: "Now" }).click();
  await expect.poll(() => new URL(page.url()).searchParams.has("at"), { timeout: 10_000 }).toBe(false);
  await expect(field(page, "firstObjectLabel")).toHaveText("Purchaser");

  const createEntry = page.getByRole("listitem").filter({ has: page.getByRole("link", { name: `AssociationCreate #${createId}` }) });
  await createEntry.getByRole("link", { name: "State after this event" }).click();
  await expect.poll(() => new URL(page.url()).searchParams.get("afterEvent"), { timeout: 10_000 }).toBe(String(createId));
  await expect(stateCard(page).getByRole("heading", { name: new RegExp(`^State after event #${createId} \\(event time 12 Jan 2026, 10:00:00`) })).toBeVisible();
  await expect(field(page, "firstObjectLabel")).toHaveText("Buyer");
  await expect(createEntry).toHaveAttribute("aria-current", "true");
  await expect(createEntry).toContainText("The state card shows the state after this event");

  await page.goto(`/associations/${encodeURIComponent(id)}?at=2025-06-01T00:00:00Z`);
  await expect(stateCard(page).getByRole("status")).toHaveText(
    new RegExp(`^No state at that time: this association's first event is #${createId}, with event time 12 Jan 2026`),
  );
  await expect(page.getByRole("table", { name: "Relations under this association" })).toHaveCount(0);
});

test("two events picked on the events list are compared field by field and line by line", async ({ page, request }) => {
  const { loc, createId, updateId } = await seed(request);
  await page.goto(`/events?locationId=${encodeURIComponent(loc)}`);
  await expect(page.getByText("Live: watching for new deliveries")).toBeVisible({ timeout: 15_000 });
  const compare = page.getByRole("button", { name: "Compare selected" });
  await expect(compare).toBeDisabled();
  await page.getByRole("checkbox", { name: `Compare event #${updateId}` }).check();
  await expect(page.getByText(`Event #${updateId} selected: tick one more.`)).toBeVisible();
  await page.getByRole("checkbox", { name: `Compare event #${createId}` }).check();
  await expect.poll(() => new URL(page.url()).searchParams.get("compare")).toBe(`${updateId},${createId}`);
  await page.getByRole("link", { name: "Compare selected" }).click();

  await expect(page).toHaveURL(new RegExp(`/events/diff\\?a=${createId}&b=${updateId}$`));
  await expect(page.getByRole("heading", { level: 1, name: `Compare events #${createId} and #${updateId}` })).toBeVisible();
  const changes = page.locator("section").filter({ has: page.getByRole("heading", { name: "Field changes (A → B)" }) });
  await expect(changes.getByRole("listitem").filter({ hasText: "firstObjectLabel" })).toHaveText(/firstObjectLabel\s*Buyer\s*→\s*Purchaser/);
  const side = page.getByRole("table", { name: "Event A and event B side by side" });
  await expect(side.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "type" }) })).toContainText(
    /AssociationCreate\s*AssociationUpdate\s*differs/,
  );
  const rawDiff = page.locator("section").filter({ has: page.getByRole("heading", { name: "Raw body diff" }) });
  // Marked in words and signs, not by colour alone.
  const removed = rawDiff.locator("del").filter({ hasText: '"firstObjectLabel": "Buyer",' });
  await expect(removed).toHaveCount(1);
  await expect(removed).toContainText(/^−\s*removed:/);
  const added = rawDiff.locator("ins").filter({ hasText: '"firstObjectLabel": "Purchaser",' });
  await expect(added).toHaveCount(1);
  await expect(added).toContainText(/^\+\s*added:/);
  await screenshot(page, "events-diff");
});

test("'Compare with previous' on a history entry opens the comparison with the delivery before it", async ({ page, request }) => {
  const { id, createId, updateId } = await seed(request);
  await page.goto(`/associations/${encodeURIComponent(id)}`);
  const updateEntry = page.getByRole("listitem").filter({ has: page.getByRole("link", { name: `AssociationUpdate #${updateId}` }) });
  await updateEntry.getByRole("link", { name: `Compare with previous (#${createId})` }).click();
  await expect(page).toHaveURL(new RegExp(`/events/diff\\?a=${createId}&b=${updateId}$`));
  await expect(page.getByRole("listitem").filter({ hasText: "firstObjectToSecondObjectCardinality" })).toHaveText(/∅\s*→\s*ONE_TO_ONE/);
});

test("axe finds no serious or critical violations on the comparison page and a past state", async ({ page, request }) => {
  const { id, createId, updateId } = await seed(request);
  const paths = [
    `/events/diff?a=${createId}&b=${updateId}`,
    "/events/diff",
    "/events/diff?a=x&b=1",
    `/events/diff?a=${createId}&b=2000000000`,
    `/associations/${encodeURIComponent(id)}`,
    `/associations/${encodeURIComponent(id)}?afterEvent=${createId}`,
    `/associations/${encodeURIComponent(id)}?at=2025-01-01`,
  ];
  for (const path of paths) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await page.locator("details").evaluateAll((all: HTMLDetailsElement[]) => {
      for (const d of all) d.open = true;
    });
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => ({ id: v.id, help: v.help, targets: v.nodes.map((n) => n.target.join(" ")).slice(0, 5) }));
    expect(serious, `${path}: ${JSON.stringify(serious, null, 2)}`).toEqual([]);
  }
});
