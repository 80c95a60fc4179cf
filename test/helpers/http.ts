// Calls the real route handlers with real Request objects, as Next would.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { POST as postGeneric } from "@/app/api/webhooks/highlevel/route";
import { POST as postTyped } from "@/app/api/webhooks/highlevel/[eventType]/route";
import { signEd25519 } from "./keys";
import { settleProjection } from "./projection";

const fixturesDir = join(__dirname, "../fixtures/highlevel");

/** The docs' example body for an event, exactly as shipped (bytes and all). */
export function fixture(name: string): string {
  return readFileSync(join(fixturesDir, `${name}.json`), "utf8");
}

export interface DeliverOptions {
  /** Per-event URL (`/api/webhooks/highlevel/{eventType}`) instead of the generic one. */
  eventType?: string;
  headers?: Record<string, string>;
  /** Signature header values; default: a valid X-GHL-Signature over the body. */
  sign?: false | ((body: Uint8Array) => Record<string, string>);
  /**
   * Wait for the projector to apply what is stored before returning (default), so
   * the caller can read the derived state at once. false: return at the ack.
   */
  settle?: boolean;
}

// biome-ignore lint/suspicious/noExplicitAny: test-only, assertions walk arbitrary JSON responses
export type Json = any;

export async function deliver(body: string | Uint8Array, options: DeliverOptions = {}) {
  const bytes = new Uint8Array(typeof body === "string" ? Buffer.from(body, "utf8") : body);
  const signature = options.sign === false ? {} : options.sign ? options.sign(bytes) : { "x-ghl-signature": signEd25519(bytes) };
  const path = options.eventType === undefined ? "" : `/${options.eventType}`;
  const request = new Request(`http://localhost:3000/api/webhooks/highlevel${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...signature, ...options.headers },
    body: bytes,
  });
  const response =
    options.eventType === undefined ? await postGeneric(request) : await postTyped(request, { params: Promise.resolve({ eventType: options.eventType }) });
  const answer = { status: response.status, body: (await response.json()) as Json, headers: response.headers };
  if (options.settle !== false) await settleProjection();
  return answer;
}

/**
 * Calls a GET route handler with a query string, once every delivery made so far is
 * projected (reads trail the ack by the projection lag; tests read the settled state).
 */
export async function get<C>(handler: (request: Request, context: C) => Promise<Response>, url: string, context?: C): Promise<{ status: number; body: Json }> {
  await settleProjection();
  const response = await handler(new Request(`http://localhost:3000${url}`), context as C);
  return { status: response.status, body: await response.json() };
}

/** A HighLevel-style event body (compact JSON, like HighLevel sends). */
export function eventBody(fields: Record<string, unknown>): string {
  return JSON.stringify(fields);
}
