// What an operator sees of the receiver's hardening: the overview's warning while
// no app allow-list is set, a replay to another per-event URL flagged on the event
// and in the history, signatures shown shortened, and the Rejected page's exact
// totals during a flood of junk.
import { expect, test } from "@playwright/test";
import { associationBody, deliverStored, screenshot, unique } from "./helpers";

test("the overview says deliveries of any HighLevel app are accepted, and how to restrict them", async ({ page }) => {
  await page.goto("/");
  const notice = page.getByRole("status").filter({ hasText: "Deliveries of any HighLevel app are accepted." });
  await expect(notice).toBeVisible();
  await expect(notice.getByText("HIGHLEVEL_APP_ID", { exact: true })).toBeVisible();
});

test("an Update's bytes re-posted to …/AssociationDelete are flagged 'same bytes as event #N' on the event and in the history", async ({ page, request }) => {
  const id = unique("assoc-replay");
  // A type-less, webhookId-less body, like the docs' examples: the URL decides its type.
  const create = associationBody({ id, key: unique("replayed"), locationId: unique("loc-replay") });
  const body = { ...create, firstObjectToSecondObjectCardinality: "MANY_TO_MANY", secondObjectToFirstObjectCardinality: "MANY_TO_MANY" };
  await deliverStored(request, create, "AssociationCreate");
  const updateId = await deliverStored(request, body, "AssociationUpdate");
  const replayId = await deliverStored(request, body, "AssociationDelete");

  await page.goto(`/events/${replayId}`);
  const note = page.getByRole("note");
  await expect(note).toContainText(`Same bytes as event #${updateId}`);
  await note.getByRole("link", { name: `#${updateId}` }).click();
  await expect(page).toHaveURL(new RegExp(`/events/${updateId}$`));
  await expect(page.getByRole("note")).toHaveCount(0);
  // The stored signature is shortened: recognisable, not replayable.
  const signature = page.getByRole("row", { name: /x-ghl-signature/ });
  await expect(signature).toContainText(/….{4} \(88 chars\)$/);
  await expect(page.getByText("— (none: the body does not say which HighLevel app it is for)")).toBeVisible();

  await page.goto(`/associations/${encodeURIComponent(id)}`);
  const replayEntry = page.getByRole("listitem").filter({ has: page.getByRole("link", { name: `AssociationDelete #${replayId}` }) });
  await expect(replayEntry.getByText(`same bytes as event #${updateId}`)).toBeVisible();
  await screenshot(page, "history-replay-flag");
});

test("the Rejected page shows exact totals per cause while a flood keeps only a sample of rows", async ({ page, request }) => {
  const before = ((await (await request.get("/api/rejected")).json()) as { totals: Record<string, number> }).totals.missing_signature ?? 0;
  const posts = Array.from({ length: 40 }, (_, i) =>
    request.post("/api/webhooks/highlevel", { data: `{"junk":${i}}`, headers: { "content-type": "application/json" } }),
  );
  const answers = await Promise.all(posts);
  expect(answers.map((a) => a.status())).toEqual(Array(40).fill(401));

  await page.goto("/rejected");
  const totals = page.getByRole("region", { name: "Refusal totals" });
  await expect(totals.getByRole("definition").filter({ hasText: String(before + 40) })).toBeVisible();
  await expect(page.getByText(/latest of \d+ alike/).first()).toBeVisible();
  await screenshot(page, "rejected-totals");
});
