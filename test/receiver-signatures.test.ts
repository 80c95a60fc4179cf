// Signature checks (Ed25519 first, RSA fallback, "N/A" means none), the
// HIGHLEVEL_WEBHOOK_VERIFY=off mode, and the 503 answer when storage is down.
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { POST as postTyped } from "@/app/api/webhooks/highlevel/[eventType]/route";
import { disconnectDb } from "@/lib/db";
import { resetEnv } from "@/lib/env";
import { getEvent } from "@/lib/queries/events";
import { clearDatabase } from "./helpers/db";
import { deliver, fixture, type Json } from "./helpers/http";
import { otherEd25519, otherRsa, signEd25519, signRsa } from "./helpers/keys";
import { expectRejected, useEnv } from "./helpers/rejections";
import { events } from "./helpers/state";

beforeEach(clearDatabase);
const setEnv = useEnv();

const body = fixture("AssociationCreate");
const opts = (headers: Record<string, string>) => ({ eventType: "AssociationCreate", sign: () => headers });

describe("signature enforcement", () => {
  test("no signature header: 401 missing_signature", async () => {
    await expectRejected(await deliver(body, { eventType: "AssociationCreate", sign: false }), 401, "missing_signature");
  });

  test('"N/A" in both headers means no signature: 401 missing_signature', async () => {
    const res = await deliver(body, opts({ "x-ghl-signature": "N/A", "x-wh-signature": "N/A" }));
    await expectRejected(res, 401, "missing_signature");
  });

  test("an Ed25519 signature from another key: 401 bad_signature, logged with a shortened signature", async () => {
    const signature = signEd25519(body, otherEd25519.privateKey);
    const row = await expectRejected(await deliver(body, opts({ "x-ghl-signature": signature })), 401, "bad_signature");
    const logged = row.headers["x-ghl-signature"] ?? "";
    expect(logged.length).toBeGreaterThan(0);
    expect(logged).not.toBe(signature);
    expect(logged.length).toBeLessThan(signature.length);
    expect(logged.startsWith(signature.slice(0, 8))).toBe(true);
    expect(logged).not.toContain(signature.slice(8, -4));
  });

  test("a valid signature over different bytes: 401 bad_signature", async () => {
    const tampered = body.replace("Interested Buyer", "Tampered Buyer");
    const res = await deliver(tampered, opts({ "x-ghl-signature": signEd25519(body) }));
    await expectRejected(res, 401, "bad_signature");
  });

  test("a signature that is not base64: 401 bad_signature", async () => {
    await expectRejected(await deliver(body, opts({ "x-ghl-signature": "not base64!!" })), 401, "bad_signature");
  });

  test("a bad Ed25519 signature is not rescued by a valid RSA one", async () => {
    const headers = { "x-ghl-signature": signEd25519(body, otherEd25519.privateKey), "x-wh-signature": signRsa(body) };
    await expectRejected(await deliver(body, opts(headers)), 401, "bad_signature");
  });

  test("RSA fallback: a valid X-WH-Signature alone is accepted as rsa, its header stored shortened", async () => {
    const signature = signRsa(body);
    const res = await deliver(body, opts({ "x-wh-signature": signature }));
    expect(res.status).toBe(200);
    expect(res.body.status).toBe("stored");
    const event = await getEvent(res.body.eventId as number);
    expect(event).toMatchObject({ verification: "rsa", signedForm: "raw" });
    expect(event?.headers["x-wh-signature"]).toBe(`${signature.slice(0, 8)}…${signature.slice(-4)} (${signature.length} chars)`);
    expect(JSON.stringify(event)).not.toContain(signature);
  });

  test("RSA fallback with N/A in X-GHL-Signature is accepted as rsa", async () => {
    const res = await deliver(body, opts({ "x-ghl-signature": "N/A", "x-wh-signature": signRsa(body) }));
    expect(res.status).toBe(200);
    expect((await getEvent(res.body.eventId as number))?.verification).toBe("rsa");
  });

  test("an RSA signature from another key: 401 bad_signature, logged shortened", async () => {
    const signature = signRsa(body, otherRsa.privateKey);
    const row = await expectRejected(await deliver(body, opts({ "x-wh-signature": signature })), 401, "bad_signature");
    const logged = row.headers["x-wh-signature"] ?? "";
    expect(logged).not.toBe(signature);
    expect(logged.startsWith(signature.slice(0, 8))).toBe(true);
    expect(logged.length).toBeLessThan(signature.length);
  });
});

describe("HIGHLEVEL_WEBHOOK_VERIFY=off", () => {
  test("an unsigned body is accepted and recorded as unverified", async () => {
    setEnv({ HIGHLEVEL_WEBHOOK_VERIFY: "off" });
    const res = await deliver(body, { eventType: "AssociationCreate", sign: false });
    expect(res.status).toBe(200);
    expect(await getEvent(res.body.eventId as number)).toMatchObject({ verification: "unverified", signedForm: null });
  });

  test("a validly signed body still records ed25519", async () => {
    setEnv({ HIGHLEVEL_WEBHOOK_VERIFY: "off" });
    const res = await deliver(body, { eventType: "AssociationCreate" });
    expect(res.status).toBe(200);
    expect(await getEvent(res.body.eventId as number)).toMatchObject({ verification: "ed25519", signedForm: "raw" });
  });

  test("a wrongly signed body is accepted but not counted as verified", async () => {
    setEnv({ HIGHLEVEL_WEBHOOK_VERIFY: "off" });
    const res = await deliver(body, opts({ "x-ghl-signature": signEd25519(body, otherEd25519.privateKey) }));
    expect(res.status).toBe(200);
    expect((await getEvent(res.body.eventId as number))?.verification).toBe("unverified");
  });

  test("parsing is still enforced: not JSON is 400", async () => {
    setEnv({ HIGHLEVEL_WEBHOOK_VERIFY: "off" });
    await expectRejected(await deliver("nope", { sign: false }), 400, "invalid_json");
  });
});

describe("database unavailable", () => {
  const originalUrl = process.env.DATABASE_URL;

  afterEach(async () => {
    process.env.DATABASE_URL = originalUrl;
    resetEnv();
    await disconnectDb();
  });

  async function takeDatabaseDown() {
    const url = process.env.DATABASE_URL ?? "";
    // A database of the same kind that cannot be reached: a file in a directory that
    // cannot be created, or a PostgreSQL port nobody listens on.
    process.env.DATABASE_URL = url.startsWith("postgres") ? "postgresql://nobody@127.0.0.1:1/none" : "file:/proc/nonexistent/x.db";
    resetEnv();
    await disconnectDb();
  }

  async function post(payload: string, headers: Record<string, string>): Promise<{ response: Response; body: Json }> {
    const request = new Request("http://localhost:3000/api/webhooks/highlevel/AssociationCreate", {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: payload,
    });
    const response = await postTyped(request, { params: Promise.resolve({ eventType: "AssociationCreate" }) });
    return { response, body: await response.json() };
  }

  test("a valid delivery gets 429 (the one answer HighLevel retries) with Retry-After, and is stored after recovery", async () => {
    await takeDatabaseDown();
    const started = Date.now();
    const down = await post(body, { "x-ghl-signature": signEd25519(body) });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(down.response.status).toBe(429);
    expect(down.body).toEqual({ error: { code: "storage_unavailable", message: expect.any(String), details: { reason: "database_unavailable" } } });
    const retryAfter = Number(down.response.headers.get("retry-after"));
    expect(Number.isInteger(retryAfter) && retryAfter > 0).toBe(true);

    process.env.DATABASE_URL = originalUrl;
    resetEnv();
    await disconnectDb();
    expect(await events()).toHaveLength(0);
    const up = await post(body, { "x-ghl-signature": signEd25519(body) });
    expect(up.response.status).toBe(200);
    expect(up.body.status).toBe("stored");
  });

  test("a refusal is still answered with its 4xx when the rejected log cannot be written", async () => {
    await takeDatabaseDown();
    const res = await post(body, { "x-ghl-signature": signEd25519(body, otherEd25519.privateKey) });
    expect(res.response.status).toBe(401);
    expect(res.body.error.code).toBe("bad_signature");
  });
});
