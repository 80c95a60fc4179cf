// Plumbing for the hostile-input corpus: a fingerprint of everything stored (to
// prove a refused or read-only request changed nothing), and a sender that builds
// the request exactly as a case describes it (any Content-Type, or none).
import { createHash } from "node:crypto";
import { expect } from "vitest";
import { POST as postGeneric } from "@/app/api/webhooks/highlevel/route";
import { POST as postTyped } from "@/app/api/webhooks/highlevel/[eventType]/route";
import { db } from "@/lib/db";
import { rejectedTotals } from "@/lib/queries/rejected";
import type { Json } from "../helpers/http";

export interface Snapshot {
  counts: { events: number; associations: number; relations: number; locations: number };
  /** sha256 over every column of every row of those four tables. */
  hash: string;
  /** Refusals counted (exact totals: rows themselves are sampled during a flood of one cause). */
  rejected: number;
}

const bytesAsBase64 = (_key: string, value: unknown) => (value instanceof Uint8Array ? Buffer.from(value).toString("base64") : value);

export async function snapshot(): Promise<Snapshot> {
  const prisma = await db();
  const events = await prisma.event.findMany({ orderBy: { id: "asc" } });
  const associations = await prisma.association.findMany({ orderBy: { id: "asc" } });
  const relations = await prisma.relation.findMany({ orderBy: { id: "asc" } });
  const locations = await prisma.location.findMany({ orderBy: { locationId: "asc" } });
  const rejected = Object.values(await rejectedTotals()).reduce((a, b) => a + b, 0);
  // Buffers serialise through their toJSON, plain Uint8Arrays through the replacer: both keep every byte.
  const text = JSON.stringify({ events, associations, relations, locations }, bytesAsBase64);
  return {
    counts: { events: events.length, associations: associations.length, relations: relations.length, locations: locations.length },
    hash: createHash("sha256").update(text).digest("hex"),
    rejected,
  };
}

/** Every table still answers (an injected DROP TABLE would make one of these throw). */
export async function expectTablesIntact(): Promise<void> {
  const prisma = await db();
  const counts = await Promise.all([
    prisma.event.count(),
    prisma.association.count(),
    prisma.relation.count(),
    prisma.location.count(),
    prisma.rejectedRequest.count(),
  ]);
  for (const count of counts) expect(count).toBeGreaterThanOrEqual(0);
  expect(counts[0]).toBeGreaterThan(0);
}

export interface Delivery {
  /** Per-event URL segment (the decoded route parameter); absent: the generic URL. */
  eventType?: string;
  body: Uint8Array;
  /** Header lines in order; a repeated name is appended (Headers joins it with ", "). */
  headers: [string, string][];
}

export interface Answer {
  status: number;
  contentType: string | null;
  body: Json;
}

export async function send(delivery: Delivery): Promise<Answer> {
  const headers = new Headers();
  for (const [name, value] of delivery.headers) headers.append(name, value);
  const path = delivery.eventType === undefined ? "" : `/${encodeURIComponent(delivery.eventType)}`;
  // A Uint8Array body adds no Content-Type of its own: the case's headers are all there is.
  const request = new Request(`http://localhost:3000/api/webhooks/highlevel${path}`, {
    method: "POST",
    headers,
    body: new Uint8Array(delivery.body),
  });
  const response =
    delivery.eventType === undefined ? await postGeneric(request) : await postTyped(request, { params: Promise.resolve({ eventType: delivery.eventType }) });
  const contentType = response.headers.get("content-type");
  return { status: response.status, contentType, body: (await response.json()) as Json };
}

/** The one error envelope, with a code. */
export function expectErrorEnvelope(answer: Answer, status: number, code: string): void {
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  expect(answer.contentType).toMatch(/^application\/json/);
  expect(Object.keys(answer.body)).toEqual(["error"]);
  expect(answer.body.error).toMatchObject({ code, message: expect.any(String) });
}
