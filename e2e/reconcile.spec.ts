// Reconciliation in the browser, against the fake HighLevel API that
// scripts/e2e-server.mjs starts (test/helpers/fake-highlevel-e2e.mjs): run it from the
// location's page, see a missed create and a missed delete with their evidence, apply
// the missed create, and find it in the association's history as reconciled, never
// as a delivery.
import { expect, test } from "@playwright/test";
import { e2eAssociation, e2eHighLevelToken, e2eReconcileLocation } from "../test/helpers/fake-highlevel-e2e.mjs";
import { deliverStored, screenshot } from "./helpers";

test("reconcile a location, apply a missed create, and see it as reconciled in the history", async ({ page, request }) => {
  const at = new Date(Date.now() - 60_000).toISOString();
  await deliverStored(request, { type: "AssociationCreate", ...e2eAssociation("e2e-rec-both", "Buyer"), timestamp: at, webhookId: "e2e-rec-wh-both" });
  await deliverStored(request, { type: "AssociationCreate", ...e2eAssociation("e2e-rec-gone", "Agent"), timestamp: at, webhookId: "e2e-rec-wh-gone" });

  await page.goto(`/locations/${e2eReconcileLocation}`);
  const card = page.locator("section").filter({ has: page.getByRole("heading", { name: "Reconciliation with HighLevel" }) });
  await expect(card.getByText("Never reconciled.")).toBeVisible();
  await card.getByRole("button", { name: "Reconcile now" }).click();
  await expect(card.getByText("done", { exact: true })).toBeVisible({ timeout: 15_000 });
  await expect(card.getByRole("heading", { name: "2 findings" })).toBeVisible();

  const missedCreate = card.locator('li[data-finding="missed_create"]');
  const missedDelete = card.locator('li[data-finding="missed_delete"]');
  await expect(missedCreate.getByRole("link", { name: "e2e-rec-missed" })).toBeVisible();
  await expect(missedDelete.getByRole("link", { name: "e2e-rec-gone" })).toBeVisible();
  await missedCreate.getByText("Evidence: our row and HighLevel's").click();
  await expect(missedCreate.getByText('"firstObjectLabel": "Tenant"')).toBeVisible();
  await expect(card.getByRole("button", { name: "Apply all (2)" })).toBeVisible();
  // The name HighLevel's API gave is saved during the run.
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "E2E Reconcile Realty" })).toBeVisible();
  await expect(page.getByText(e2eHighLevelToken)).toHaveCount(0);

  await missedCreate.getByRole("button", { name: "Apply" }).click();
  const appliedLink = missedCreate.getByRole("link", { name: /^reconciled event #\d+$/ });
  await expect(appliedLink).toBeVisible();
  await expect(card.getByRole("button", { name: "Apply all (1)" })).toBeVisible();
  await screenshot(page, "reconcile-card");

  // Projected a moment after the append, like any event.
  await expect.poll(async () => (await request.get("/api/associations/e2e-rec-missed")).status(), { timeout: 10_000 }).toBe(200);
  await missedCreate.getByRole("link", { name: "e2e-rec-missed" }).click();
  await expect(page).toHaveURL(/\/associations\/e2e-rec-missed$/);
  const history = page.locator("section").filter({ has: page.getByRole("heading", { name: /^History \(1 event/ }) });
  await expect(history.getByText(/^Reconciled \(applied from reconciliation run #\d+\)$/)).toBeVisible({ timeout: 10_000 });
  await history.getByRole("link", { name: /^AssociationCreate #\d+$/ }).click();
  await expect(page.getByText("Not a HighLevel delivery.")).toBeVisible();
  await expect(page.getByText("none (appended by reconciliation)")).toBeVisible();
});
