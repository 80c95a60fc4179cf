// Opening, keeping and resolving alerts, and the 15-minute window, with a fixed clock.
import { describe, expect, it } from "vitest";
import { parseChannels } from "./channels";
import type { OpenAlert } from "../domain/alerts";
import { backoffMs, planLifecycle } from "./lifecycle";
import { genericPayload, slackPayload } from "./messages";
import type { AlertRule } from "../domain/values";
import type { Condition } from "./rules";
import { addSample, windowDeltas, type CounterSample } from "./window";

const MIN = 60_000;
const t0 = new Date("2026-03-01T12:00:00Z");
const at = (minutes: number) => new Date(t0.getTime() + minutes * MIN);
const lag: Condition = { rule: "projection_lag", subject: "", summary: "behind", counts: {}, sample: null, path: "/", locationName: null };
const all = new Set<AlertRule>(["projection_lag", "silence"]);
const alert = (openedAt: Date, lastTrueAt: Date): OpenAlert => ({ id: 1, rule: "projection_lag", subject: "", status: "open", openedAt, lastTrueAt });

describe("planLifecycle", () => {
  it("opens a new condition once, keeps an open one, never two per rule and subject", () => {
    expect(planLifecycle([], [lag, lag], all, t0, 5 * MIN).open).toHaveLength(1);
    const p = planLifecycle([alert(t0, t0)], [lag], all, at(1), 5 * MIN);
    expect(p.open).toEqual([]);
    expect(p.keep.map((k) => k.alert.id)).toEqual([1]);
  });

  it("resolves only once false and open for the minimum time", () => {
    expect(planLifecycle([alert(t0, at(1))], [], all, at(5), 5 * MIN).resolve).toEqual([]);
    expect(planLifecycle([alert(t0, at(1))], [], all, at(6), 5 * MIN).resolve.map((a) => a.id)).toEqual([1]);
    // True only at opening, false since: still waits for the minimum open time.
    expect(planLifecycle([alert(t0, t0)], [], all, at(4.9), 5 * MIN).resolve).toEqual([]);
  });

  it("a flapping condition stays one alert", () => {
    let open = [alert(t0, t0)];
    for (let m = 1; m <= 20; m++) {
      const holds = m % 2 === 0;
      const p = planLifecycle(open, holds ? [lag] : [], all, at(m), 5 * MIN);
      expect(p.open).toEqual([]);
      expect(p.resolve).toEqual([]);
      if (holds) open = [alert(t0, at(m))];
    }
  });

  it("leaves alone the alerts of a rule that was not evaluated", () => {
    expect(planLifecycle([alert(t0, t0)], [], new Set<AlertRule>(["silence"]), at(60), 5 * MIN).resolve).toEqual([]);
  });

  it("backs off 30 s, 1 min, 2 min … up to 30 min", () => {
    expect([1, 2, 3, 10].map((n) => backoffMs(n))).toEqual([30_000, 60_000, 120_000, 30 * MIN]);
    expect(backoffMs(2, 100)).toBe(200);
  });
});

describe("window", () => {
  const sample = (minutes: number, totals: Record<string, number>): CounterSample => ({ at: at(minutes).getTime(), totals });

  it("counts growth over the last 15 minutes, a partial window until then", () => {
    let s: CounterSample[] = [];
    s = addSample(s, sample(0, { "rejected:bad_signature": 100 }));
    expect(windowDeltas(s)).toMatchObject({ minutes: 0, deltas: { "rejected:bad_signature": 0 } });
    s = addSample(s, sample(5, { "rejected:bad_signature": 104, "rejected:foreign_app": 3 }));
    expect(windowDeltas(s)).toMatchObject({ minutes: 5, deltas: { "rejected:bad_signature": 4, "rejected:foreign_app": 3 } });
    for (let m = 10; m <= 40; m += 5) s = addSample(s, sample(m, { "rejected:bad_signature": 100 + m, "rejected:foreign_app": 3 }));
    expect(windowDeltas(s)).toMatchObject({ minutes: 15, deltas: { "rejected:bad_signature": 15, "rejected:foreign_app": 0 } });
    expect(s.length).toBeLessThanOrEqual(4); // older samples dropped
  });
});

describe("messages", () => {
  const channels = parseChannels(["https://example.test/hook/SECRET123", "slack:https://chat.example/hooks/abc", "https://hooks.slack.com/services/T0/B0/XYZ"]);

  it("a channel is Slack-compatible by prefix or Slack's host, and its fingerprint never holds the path", () => {
    expect(channels.map((c) => c.kind)).toEqual(["webhook", "slack", "slack"]);
    expect(channels[0]?.fingerprint).toMatch(/^webhook#1 example\.test ~[0-9a-f]{8}$/);
    for (const c of channels) expect(c.fingerprint).not.toMatch(/SECRET|abc|XYZ/);
  });

  const m = {
    id: 9,
    rule: "rejections",
    subject: "foreign_app",
    summary: "6 <requests> & more",
    openedAt: t0,
    resolvedAt: null,
    details: { counts: { rejected: 6 }, sample: { rejectedId: 3 }, path: "/rejected?cause=foreign_app", locationName: null },
  };

  it("generic: event, alert, counts, sample and links", () => {
    expect(genericPayload(m, "opened", "https://am.example")).toMatchObject({
      event: "alert.opened",
      alert: { id: 9, rule: "rejections", subject: "foreign_app", openedAt: t0.toISOString(), resolvedAt: null },
      counts: { rejected: 6 },
      sample: { rejectedId: 3 },
      link: "https://am.example/rejected?cause=foreign_app",
      alertLink: "https://am.example/alerts?rule=rejections",
    });
  });

  it("Slack: text with escaped summary, counts, sample and links", () => {
    const { text } = slackPayload(m, "resolved", "https://am.example");
    expect(text).toContain("*Recovered: rejections* 6 &lt;requests&gt; &amp; more");
    expect(text).toContain("Counts: rejected: 6");
    expect(text).toContain("<https://am.example/rejected?cause=foreign_app|Open in the dashboard>");
  });
});
