// Helpers for browser tests: signed deliveries with the test-only key the e2e
// server trusts, unique ids (tests share one database per run), and screenshots
// saved for review.
import { sign } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { e2ePassword } from "../playwright.config";

const privateKey = readFileSync(join(import.meta.dirname, "keys/test-ed25519-private.pem"), "utf8");

export async function deliver(request: APIRequestContext, body: Record<string, unknown>, eventType?: string) {
  const raw = Buffer.from(JSON.stringify(body));
  const response = await request.post(`/api/webhooks/highlevel${eventType ? `/${eventType}` : ""}`, {
    data: raw,
    headers: { "content-type": "application/json", "x-ghl-signature": sign(null, raw, privateKey).toString("base64") },
  });
  const answer = { status: response.status(), body: (await response.json()) as { status?: string; eventId?: number } };
  if (answer.body.eventId !== undefined) await waitProjected(request, answer.body.eventId);
  return answer;
}

/**
 * The receiver acknowledges at the append and projects a moment later: wait until
 * /api/health says the projector has passed this event, so pages show it.
 */
export async function waitProjected(request: APIRequestContext, eventId: number) {
  await expect
    .poll(async () => ((await (await request.get("/api/health")).json()) as { projector?: { position: number } }).projector?.position ?? 0, {
      timeout: 10_000,
      intervals: [20, 50, 100],
    })
    .toBeGreaterThanOrEqual(eventId);
}

/** Delivers a signed body and fails the test unless it was stored; returns the new event id. */
export async function deliverStored(request: APIRequestContext, body: Record<string, unknown>, eventType?: string): Promise<number> {
  const res = await deliver(request, body, eventType);
  expect(res, JSON.stringify(body)).toEqual({ status: 200, body: { status: "stored", eventId: expect.any(Number) } });
  return res.body.eventId ?? 0;
}

let counter = 0;
/** An id no other test in this run (or an earlier run against the same database) uses. */
export function unique(prefix: string): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}-${counter}`;
}

export interface AssociationFields {
  id: string;
  key: string;
  locationId: string;
  associationType?: string;
  firstObjectKey?: string;
  firstObjectLabel?: string;
  secondObjectKey?: string;
  secondObjectLabel?: string;
  timestamp?: string;
  [field: string]: unknown;
}

/** A HighLevel association body with sensible defaults for the fields a test does not care about. */
export function associationBody(fields: AssociationFields): Record<string, unknown> {
  return {
    associationType: "USER_DEFINED",
    firstObjectKey: "contact",
    firstObjectLabel: "Buyer",
    secondObjectKey: "custom_objects.property",
    secondObjectLabel: "Property",
    ...fields,
  };
}

/** Delivers AssociationCreate for each given association, in order; returns their event ids. */
export async function seedAssociations(request: APIRequestContext, list: AssociationFields[]): Promise<number[]> {
  const ids: number[] = [];
  for (const fields of list) ids.push(await deliverStored(request, associationBody(fields), "AssociationCreate"));
  return ids;
}

/**
 * Signs the browser context in with the dashboard password (a session cookie). The
 * suite's HTTP Basic header does not reach requests the browser makes on its own,
 * such as a download, so pages that download sign in like a person would.
 */
export async function signIn(page: Page) {
  const response = await page.request.post("/api/auth/sign-in", { form: { password: e2ePassword, next: "/" }, maxRedirects: 0 });
  expect(response.status()).toBe(303);
  expect(response.headers().location).not.toContain("error=");
}

export async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: join(import.meta.dirname, "screenshots", `${name}.png`), fullPage: true });
}

/** The data rows of the table with this caption. */
export function tableRows(page: Page, caption: string) {
  return page.getByRole("table", { name: caption }).locator("tbody tr");
}
