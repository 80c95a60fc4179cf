// Alerts from the real tables (a silent, named location; signature failures through
// the real receiver) and the HTTP API: GET /api/alerts with its filters and
// timelines, POST /api/alerts/{id}/acknowledge (idempotent, 409 once resolved, 404,
// refused cross-site).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GET as listRoute } from "@/app/api/alerts/route";
import { POST as ackRoute } from "@/app/api/alerts/[id]/acknowledge/route";
import { parseChannels } from "@/lib/alerts/channels";
import { createEvaluator } from "@/lib/alerts/evaluator";
import type { AlertConfig } from "@/lib/alerts/settings";
import { withWriteLock, writeDb } from "@/lib/db";
import { HOUR_MS } from "@/lib/location-silence";
import { setLocationName } from "@/lib/queries/location-profiles";
import { flushRejected } from "@/lib/queries/rejected";
import { startAlertHook, type AlertHook } from "./helpers/alert-hook";
import { clearDatabase } from "./helpers/db";
import { deliver, fixture, get } from "./helpers/http";

let hook: AlertHook;
const cfg = (): AlertConfig => ({
  thresholds: {
    silenceMinHours: 2,
    rejectionsPer15Min: 50,
    rejectionsPercent: 10,
    rejectionsMin: 5,
    signatureFailuresPer15Min: 10,
    receiver429Per15Min: 1,
    lagSeconds: 60,
    databaseDownSeconds: 30,
    disabled: new Set(),
  },
  channels: parseChannels([hook.url("/generic")]),
  minOpenMs: 5 * 60_000,
  maxAttempts: 3,
  dashboardUrl: "http://localhost:3000",
  evaluateMs: 30_000,
});

beforeAll(async () => {
  hook = await startAlertHook();
});
afterAll(async () => hook.close());
beforeEach(async () => {
  await clearDatabase();
  hook.received.length = 0;
});

/** A location that sent every 2 hours for 15 days and stopped `quietHours` ago. */
async function seedQuiet(locationId: string, now: Date, quietHours: number) {
  const nowHour = Math.floor(now.getTime() / HOUR_MS);
  const hours: number[] = [];
  for (let h = nowHour - quietHours; h > nowHour - 360; h -= 2) hours.push(h);
  const prisma = await writeDb();
  const last = new Date(Math.max(...hours) * HOUR_MS);
  await withWriteLock(async () => {
    await prisma.location.create({ data: { locationId, events: hours.length, lastEventAt: last, lastReceivedAt: last, installState: "installed" } });
    await prisma.locationHour.createMany({ data: hours.map((hour) => ({ locationId, hour, count: 1 })) });
  });
}

const ack = (id: string, headers: Record<string, string> = {}) =>
  ackRoute(new Request(`http://localhost:3000/api/alerts/${id}/acknowledge`, { method: "POST", headers }), { params: Promise.resolve({ id }) });

describe("alerts from the real tables", () => {
  it("a silent location: its display name in the alert and the message, a link to its page", async () => {
    const now = new Date();
    await seedQuiet("loc-quiet", now, 9);
    await seedQuiet("loc-busy", now, 0);
    await setLocationName("loc-quiet", "Quiet Dental");
    await createEvaluator({ owner: "a", config: cfg }).runOnce(now);
    const [message] = hook.bodies("/generic");
    expect(hook.received).toHaveLength(1);
    expect(message).toMatchObject({
      event: "alert.opened",
      alert: { rule: "silence", subject: "loc-quiet" },
      location: { id: "loc-quiet", name: "Quiet Dental" },
      link: "http://localhost:3000/locations/loc-quiet",
    });
    expect(String(message?.text)).toContain("Quiet Dental (loc-quiet) silent for 9 h");
  });

  it("signature failures through the receiver: counted in the window, a sample of the refused request", async () => {
    const ev = createEvaluator({ owner: "a", config: cfg });
    const now = Date.now();
    await ev.runOnce(new Date(now));
    for (let i = 0; i < 10; i++) await deliver(fixture("AssociationCreate"), { sign: () => ({ "x-ghl-signature": Buffer.alloc(64, i).toString("base64") }) });
    await flushRejected();
    await ev.runOnce(new Date(now + 30_000));
    expect(hook.bodies("/generic")).toEqual([
      expect.objectContaining({
        alert: expect.objectContaining({ rule: "signature_failures" }),
        counts: { badSignatures: 10, windowMinutes: 1 },
        sample: expect.objectContaining({ status: 401, request: "POST /api/webhooks/highlevel" }),
        link: "http://localhost:3000/rejected?cause=bad_signature",
      }),
    ]);
  });
});

describe("alerts API", () => {
  it("lists with filters and timelines; acknowledges once, refuses cross-site, 404 and 409", async () => {
    const now = new Date();
    await seedQuiet("loc-quiet", now, 9);
    await createEvaluator({ owner: "a", config: cfg }).runOnce(now);
    const list = await get(listRoute, "/api/alerts?status=open&rule=silence");
    expect(list.status).toBe(200);
    expect(list.body.counts).toEqual({ open: 1, acknowledged: 0 });
    const [alert] = list.body.data;
    expect(alert).toMatchObject({ rule: "silence", subject: "loc-quiet", status: "open", details: { path: "/locations/loc-quiet" } });
    expect(alert.timeline.map((e: { kind: string }) => e.kind)).toEqual(["opened", "notified"]);
    expect(alert.notifications).toEqual([
      expect.objectContaining({ event: "opened", status: "sent", attempts: 1, channel: expect.stringMatching(/^webhook#1 127\.0\.0\.1:\d+ ~[0-9a-f]{8}$/) }),
    ]);
    expect(JSON.stringify(list.body)).not.toContain("/generic"); // never the channel URL
    expect((await get(listRoute, "/api/alerts?status=resolved")).body.data).toEqual([]);
    expect((await get(listRoute, "/api/alerts?rule=nope")).status).toBe(400);

    const crossSite = await ack(String(alert.id), { "sec-fetch-site": "cross-site" });
    expect(crossSite.status).toBe(403);
    expect((await crossSite.json()).error.code).toBe("cross_site_request");
    const first = await ack(String(alert.id), { "sec-fetch-site": "same-origin" });
    expect(first.status).toBe(200);
    expect((await first.json()).data).toMatchObject({ status: "acknowledged", timeline: [{ kind: "opened" }, { kind: "notified" }, { kind: "acknowledged" }] });
    expect((await ack(String(alert.id))).status).toBe(200); // again: nothing more
    expect((await get(listRoute, "/api/alerts")).body.counts).toEqual({ open: 0, acknowledged: 1 });
    expect((await ack("999999")).status).toBe(404);
    expect((await ack("abc")).status).toBe(404);

    const prisma = await writeDb();
    await withWriteLock(() => prisma.alert.update({ where: { id: alert.id }, data: { status: "resolved", resolvedAt: new Date() } }));
    const late = await ack(String(alert.id));
    expect(late.status).toBe(409);
    expect((await late.json()).error.code).toBe("conflict");
  });
});
