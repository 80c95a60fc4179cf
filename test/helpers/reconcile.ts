// Reconciliation tests: the fake HighLevel API, tokens pointing at it, webhook-seeded
// state, and the reconcile routes called as Next would call them.
import { randomUUID } from "node:crypto";
import { GET as getRun, POST as postRun } from "@/app/api/locations/[locationId]/reconcile/route";
import { POST as postApply } from "@/app/api/locations/[locationId]/reconcile/apply/route";
import { resetEnv } from "@/lib/env";
import { startFakeHighLevel, type FakeHighLevel } from "./fake-highlevel.mjs";
import { deliverOk } from "./seed";
import { settleProjection } from "./projection";
import type { Json } from "./http";

export const LOC = "rec-loc";
export const TOKEN = "pit-secret-token-4f1c2a";
export const OTHER = "rec-other";
export const OTHER_TOKEN = "pit-other-token-9d8e7f";

/** Starts the fake and points the app at it with tokens for LOC and OTHER. */
export async function startFake(): Promise<FakeHighLevel> {
  const fake = await startFakeHighLevel();
  useFake(fake, { [LOC]: TOKEN, [OTHER]: OTHER_TOKEN });
  return fake;
}

export function useFake(fake: FakeHighLevel, tokens: Record<string, string>, extra: Record<string, string> = {}): void {
  process.env.HIGHLEVEL_API_BASE_URL = fake.url;
  process.env.HIGHLEVEL_API_TOKENS = JSON.stringify(tokens);
  for (const [k, v] of Object.entries(extra)) process.env[k] = v;
  resetEnv();
}

export function restoreEnv(...names: string[]): void {
  for (const n of ["HIGHLEVEL_API_BASE_URL", "HIGHLEVEL_API_TOKENS", ...names]) delete process.env[n];
  resetEnv();
}

/** An association row in HighLevel's field names (webhook and API alike). */
export function hlAssociation(id: string, overrides: Record<string, unknown> = {}, locationId = LOC): Record<string, unknown> {
  return {
    id,
    key: `${id}_key`,
    associationType: "USER_DEFINED",
    firstObjectKey: "contact",
    firstObjectLabel: "Buyer",
    secondObjectKey: "custom_objects.property",
    secondObjectLabel: "Property",
    locationId,
    ...overrides,
  };
}

export function hlRelation(id: string, associationId: string, first: string, second: string, locationId = LOC): Record<string, unknown> {
  return { id, associationId, firstObjectKey: "contact", firstRecordId: first, secondObjectKey: "custom_objects.property", secondRecordId: second, locationId };
}

const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();

/** Delivers a signed webhook for `fields` as `type`, `minutesAgo` in the past. */
export async function deliverEvent(type: string, fields: Record<string, unknown>, minutesAgo = 60): Promise<Json> {
  return deliverOk(JSON.stringify({ type, ...fields, timestamp: at(minutesAgo), webhookId: randomUUID() }), { settle: false });
}

const context = (locationId: string) => ({ params: Promise.resolve({ locationId }) });

async function answer(response: Response): Promise<{ status: number; body: Json; text: string }> {
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null, text };
}

export async function postReconcile(locationId = LOC, headers: Record<string, string> = {}) {
  await settleProjection();
  return answer(await postRun(new Request(`http://localhost:3000/api/locations/${locationId}/reconcile`, { method: "POST", headers }), context(locationId)));
}

export async function getReconcile(locationId = LOC) {
  return answer(await getRun(new Request(`http://localhost:3000/api/locations/${locationId}/reconcile`), context(locationId)));
}

export async function postApplyFindings(locationId = LOC, body?: unknown) {
  const init: RequestInit = { method: "POST", headers: { "content-type": "application/json" }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) };
  const res = await answer(await postApply(new Request(`http://localhost:3000/api/locations/${locationId}/reconcile/apply`, init), context(locationId)));
  await settleProjection();
  return res;
}

/** A sleep that records every wait and returns at once. */
export function recordingSleep(): { sleep: (ms: number) => Promise<void>; waits: number[] } {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}
