// Alert lifecycle against the database and a local webhook receiver, with a driven
// clock: one "opened" message, no repeats while it holds, one "recovered" after the
// minimum open time, acknowledgement silences it, a failing channel is retried with
// backoff (visible on the timeline), one evaluator across two instances, and the
// database-down alert sent without the database and recorded once it is back.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseChannels } from "@/lib/alerts/channels";
import { createEvaluator } from "@/lib/alerts/evaluator";
import type { AlertConfig } from "@/lib/alerts/settings";
import { db } from "@/lib/db";
import { record429Total } from "@/lib/queries/alert-measurements";
import { acknowledgeAlert } from "@/lib/queries/alerts";
import { clearDatabase } from "./helpers/db";
import { startAlertHook, type AlertHook } from "./helpers/alert-hook";

const MIN = 60_000;
const t0 = new Date("2026-06-01T10:00:00Z");
const at = (ms: number) => new Date(t0.getTime() + ms);
let hook: AlertHook;

const config =
  (urls: string[], over: Partial<AlertConfig> = {}) =>
  (): AlertConfig => ({
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
    channels: parseChannels(urls),
    minOpenMs: 20 * MIN,
    maxAttempts: 3,
    dashboardUrl: "https://monitor.example",
    evaluateMs: 30_000,
    ...over,
  });

async function alerts() {
  const prisma = await db();
  return prisma.alert.findMany({ orderBy: { id: "asc" } });
}
async function timeline(alertId: number) {
  const prisma = await db();
  return (await prisma.alertActivity.findMany({ where: { alertId }, orderBy: { id: "asc" } })).map((a) => `${a.kind}: ${a.message}`);
}

beforeAll(async () => {
  hook = await startAlertHook();
});
afterAll(async () => hook.close());
beforeEach(async () => {
  await clearDatabase();
  hook.received.length = 0;
  hook.failNext = 0;
});

describe("alert lifecycle", () => {
  it("opens once, does not repeat while it holds, resolves once with a recovered message", async () => {
    const ev = createEvaluator({ owner: "a", config: config([hook.url("/generic"), `slack:${hook.url("/slack")}`]) });
    expect(await ev.runOnce(t0)).toBe("evaluated"); // baseline
    expect(hook.received).toEqual([]);
    await record429Total("other-instance", 3); // another instance's 429s, seen through its Counter row
    await ev.runOnce(at(30_000));
    expect(hook.bodies("/generic")).toHaveLength(1);
    expect(hook.bodies("/generic")[0]).toMatchObject({
      event: "alert.opened",
      alert: { rule: "receiver_429", subject: "", resolvedAt: null },
      counts: { refused429: 3 },
      link: "https://monitor.example/",
      alertLink: "https://monitor.example/alerts?rule=receiver_429",
    });
    expect(hook.bodies("/slack")).toEqual([{ text: expect.stringContaining("*Alert: receiver 429*") }]);

    await record429Total("other-instance", 5);
    for (let s = 60; s <= 300; s += 30) await ev.runOnce(at(s * 1000));
    expect(hook.received).toHaveLength(2); // still true: nothing more
    const [open] = await alerts();
    expect(open).toMatchObject({ status: "open", rule: "receiver_429" });
    expect(open?.lastTrueAt).toEqual(at(300_000));

    // Out of the 15-minute window at 20 min 30 s: false, but not yet for the 20-minute minimum.
    await ev.runOnce(at(20.5 * MIN));
    await ev.runOnce(at(24 * MIN));
    expect(hook.received).toHaveLength(2);
    await ev.runOnce(at(25 * MIN));
    expect(hook.bodies("/generic").map((b) => b.event)).toEqual(["alert.opened", "alert.resolved"]);
    expect(hook.bodies("/slack")[1]).toEqual({ text: expect.stringContaining("*Recovered: receiver 429*") });
    await ev.runOnce(at(26 * MIN));
    expect(hook.received).toHaveLength(4);
    const [resolved] = await alerts();
    expect(resolved).toMatchObject({ status: "resolved", resolvedAt: at(25 * MIN) });
    const kinds = (await timeline(resolved!.id)).map((l) => l.split(":")[0]);
    expect(kinds).toEqual(["opened", "notified", "notified", "resolved", "notified", "notified"]);
  });

  it("a failing channel is retried with backoff, visibly, then succeeds", async () => {
    const ev = createEvaluator({ owner: "a", config: config([hook.url("/generic")]) });
    await ev.runOnce(t0);
    await record429Total("x", 1);
    hook.failNext = 2;
    await ev.runOnce(at(10_000));
    const [alert] = await alerts();
    expect((await timeline(alert!.id)).at(-1)).toMatch(
      /^notify_failed: Attempt 1 of the "opened" message to webhook#1 127\.0\.0\.1:\d+ ~\w+ failed: HTTP 500: hook is down; retrying at 2026-06-01T10:00:40/,
    );
    await ev.runOnce(at(30_000)); // not due until 40 s
    expect(hook.failNext).toBe(1);
    await ev.runOnce(at(40_000)); // attempt 2 fails; next after 60 s more
    await ev.runOnce(at(90_000));
    expect(hook.received).toHaveLength(0);
    await ev.runOnce(at(100_000));
    expect(hook.bodies("/generic")).toHaveLength(1);
    const prisma = await db();
    expect(await prisma.alertNotification.findMany({ select: { status: true, attempts: true, lastError: true, channel: true } })).toEqual([
      { status: "sent", attempts: 3, lastError: "HTTP 500: hook is down", channel: expect.not.stringContaining("/generic") },
    ]);
    expect((await timeline(alert!.id)).map((l) => l.split(":")[0])).toEqual(["opened", "notify_failed", "notify_failed", "notified"]);
  });

  it("gives up after the last attempt", async () => {
    const ev = createEvaluator({ owner: "a", config: config([hook.url("/generic")]) });
    await ev.runOnce(t0);
    await record429Total("x", 1);
    hook.failNext = 99;
    for (const s of [10, 40, 100, 400]) await ev.runOnce(at(s * 1000));
    const prisma = await db();
    expect(await prisma.alertNotification.findFirst()).toMatchObject({ status: "failed", attempts: 3 });
    expect((await timeline((await alerts())[0]!.id)).at(-1)).toMatch(/^notify_failed: Gave up on the "opened" message .* after 3 attempts: HTTP 500/);
  });

  it("acknowledging stops further messages until it resolves", async () => {
    const ev = createEvaluator({ owner: "a", config: config([hook.url("/generic")]) });
    await ev.runOnce(t0);
    await record429Total("x", 1);
    hook.failNext = 1;
    await ev.runOnce(at(10_000)); // fails; a retry is pending
    const [alert] = await alerts();
    expect(await acknowledgeAlert(alert!.id, at(20_000))).toBe("acknowledged");
    expect(await acknowledgeAlert(alert!.id, at(21_000))).toBe("already_acknowledged");
    await record429Total("x", 4);
    for (let s = 40; s <= 600; s += 30) await ev.runOnce(at(s * 1000)); // retry time passes, condition still true
    expect(hook.received).toEqual([]);
    expect((await alerts())[0]).toMatchObject({ status: "acknowledged", acknowledgedAt: at(20_000) });
    const prisma = await db();
    expect(await prisma.alertNotification.findFirst()).toMatchObject({ status: "cancelled" });
    await ev.runOnce(at(40 * MIN)); // resolves: the recovered message still goes out
    expect(hook.bodies("/generic").map((b) => b.event)).toEqual(["alert.resolved"]);
    expect(await acknowledgeAlert(alert!.id)).toBe("resolved");
  });
});

describe("one evaluator across instances", () => {
  it("only the lease holder evaluates; the other takes over once the lease expires", async () => {
    const cfg = config([hook.url("/generic")]);
    const a = createEvaluator({ owner: "instance-a", leaseMs: 60_000, config: cfg });
    const b = createEvaluator({ owner: "instance-b", leaseMs: 60_000, config: cfg });
    expect(await a.runOnce(t0)).toBe("evaluated");
    expect(await b.runOnce(at(1_000))).toBe("standby");
    await record429Total("x", 2);
    expect(await a.runOnce(at(30_000))).toBe("evaluated");
    expect(await b.runOnce(at(31_000))).toBe("standby");
    expect(hook.received).toHaveLength(1); // one message, not one per instance
    // a stops (killed: no release). Its lease runs to 90 s.
    expect(await b.runOnce(at(89_000))).toBe("standby");
    expect(await b.runOnce(at(91_000))).toBe("evaluated");
    expect(await a.runOnce(at(95_000))).toBe("standby");
    expect(await alerts()).toHaveLength(1); // b found a's open alert: no second one
    expect(hook.received).toHaveLength(1);
    await b.release();
    expect(await a.runOnce(at(96_000))).toBe("evaluated"); // released: taken at once
  });
});

describe("database unreachable", () => {
  it("notifies directly while down, records the alert once back, then resolves", async () => {
    let up = true;
    const ev = createEvaluator({
      owner: "a",
      probe: async () => (up ? { ok: true } : { ok: false, error: "connect ECONNREFUSED 127.0.0.1:5432" }),
      config: config([hook.url("/generic")], { minOpenMs: 5 * MIN }),
    });
    await ev.runOnce(t0);
    up = false;
    expect(await ev.runOnce(at(10_000))).toBe("database_down");
    expect(hook.received).toEqual([]); // under 30 s
    await ev.runOnce(at(40_000));
    expect(hook.bodies("/generic")).toEqual([
      expect.objectContaining({
        event: "alert.opened",
        alert: expect.objectContaining({ id: null, rule: "database_unreachable" }),
        text: expect.stringContaining("ECONNREFUSED"),
      }),
    ]);
    await ev.runOnce(at(70_000));
    expect(hook.received).toHaveLength(1);
    expect(await alerts()).toEqual([]); // nothing written while "down"
    up = true;
    await ev.runOnce(at(100_000));
    const [recorded] = await alerts();
    expect(recorded).toMatchObject({ rule: "database_unreachable", status: "open", openedAt: at(40_000), lastTrueAt: at(70_000) });
    expect((await timeline(recorded!.id)).map((l) => l.split(":")[0])).toEqual(["opened", "notified", "database_back"]);
    expect(hook.received).toHaveLength(1);
    await ev.runOnce(at(70_000 + 5 * MIN));
    expect(hook.bodies("/generic").map((b) => b.event)).toEqual(["alert.opened", "alert.resolved"]);
  });
});
