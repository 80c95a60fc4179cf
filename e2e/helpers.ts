// Helpers for browser tests: signed deliveries with the test-only key the e2e
// server trusts, and screenshots saved for review.
import { sign } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { APIRequestContext, Page } from "@playwright/test";

const privateKey = readFileSync(join(import.meta.dirname, "keys/test-ed25519-private.pem"), "utf8");

export async function deliver(request: APIRequestContext, body: Record<string, unknown>, eventType?: string) {
  const raw = Buffer.from(JSON.stringify(body));
  const response = await request.post(`/api/webhooks/highlevel${eventType ? `/${eventType}` : ""}`, {
    data: raw,
    headers: { "content-type": "application/json", "x-ghl-signature": sign(null, raw, privateKey).toString("base64") },
  });
  return { status: response.status(), body: (await response.json()) as { status?: string; eventId?: number } };
}

export async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: join(import.meta.dirname, "screenshots", `${name}.png`), fullPage: true });
}
