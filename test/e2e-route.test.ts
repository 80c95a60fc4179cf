// The browser tests' backdating route stays closed unless the e2e server opens it.
import { afterEach, describe, expect, it } from "vitest";
import { POST } from "@/app/api/e2e/deliver-at/route";
import { db } from "@/lib/db";
import { clearDatabase } from "./helpers/db";
import { signEd25519 } from "./helpers/keys";
import { settleProjection } from "./helpers/projection";

const body = JSON.stringify({ type: "ContactCreate", webhookId: "e2e-route-1", id: "c", locationId: "e2e-loc" });
const post = (receivedAt: string) =>
  POST(
    new Request(`http://localhost:3000/api/e2e/deliver-at?receivedAt=${encodeURIComponent(receivedAt)}`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-ghl-signature": signEd25519(body) },
      body,
    }),
  );

describe("POST /api/e2e/deliver-at", () => {
  afterEach(() => {
    delete process.env.E2E_ROUTES;
  });

  it("is a 404 unless E2E_ROUTES=1", async () => {
    await clearDatabase();
    expect((await post("2026-03-01T00:00:00Z")).status).toBe(404);
    expect(await (await db()).event.count()).toBe(0);
  });

  it("with E2E_ROUTES=1 stores a signed delivery with the given receive time", async () => {
    await clearDatabase();
    process.env.E2E_ROUTES = "1";
    expect((await post("not a date")).status).toBe(400);
    const at = new Date(Date.now() - 5 * 3_600_000);
    expect((await post(at.toISOString())).status).toBe(200);
    await settleProjection();
    expect((await (await db()).location.findUnique({ where: { locationId: "e2e-loc" } }))?.lastReceivedAt).toEqual(at);
  });
});
