// The rules as pure functions: fixed measurements, thresholds and clock.
import { describe, expect, it } from "vitest";
import { databaseDownHolds, evaluateRules, type Measurements, type Thresholds } from "./rules";

const HOUR = 3_600_000;
const t: Thresholds = {
  silenceMinHours: 2,
  rejectionsPer15Min: 50,
  rejectionsPercent: 10,
  rejectionsMin: 5,
  signatureFailuresPer15Min: 10,
  receiver429Per15Min: 1,
  lagSeconds: 60,
  databaseDownSeconds: 30,
  disabled: new Set(),
};
const quiet: Measurements = {
  silent: [],
  window: { minutes: 15, deliveries: 100, rejectedByCause: {}, receiver429: 0 },
  rejectedSamples: {},
  lagSeconds: 0,
  behind: 0,
};
const withWindow = (w: Partial<Measurements["window"]>): Measurements => ({ ...quiet, window: { ...quiet.window, ...w } });
const rules = (m: Measurements, th = t) => evaluateRules(m, th).map((c) => `${c.rule}:${c.subject}`);

describe("alert rules", () => {
  it("nothing holds on a quiet receiver", () => {
    expect(evaluateRules(quiet, t)).toEqual([]);
  });

  it("silence: a silent location past the minimum, with its name, counts, sample and link", () => {
    const m: Measurements = {
      ...quiet,
      silent: [
        {
          locationId: "loc-1",
          locationName: "Acme",
          silentForMs: 3 * HOUR,
          usualQuietMs: HOUR,
          median14d: 24,
          sample: { eventId: 7, type: "AssociationCreate", receivedAt: "2026-01-01T00:00:00.000Z" },
        },
      ],
    };
    const [c] = evaluateRules(m, t);
    expect(c).toMatchObject({
      rule: "silence",
      subject: "loc-1",
      path: "/locations/loc-1",
      locationName: "Acme",
      counts: { silentForMinutes: 180, usualQuietMinutes: 60 },
      sample: { eventId: 7 },
    });
    expect(c?.summary).toContain("Acme (loc-1) silent for 3 h");
    expect(rules(m, { ...t, silenceMinHours: 4 })).toEqual([]);
    expect(rules(m, { ...t, disabled: new Set(["silence"]) })).toEqual([]);
  });

  it("rejections: by count per 15 min, or by share once there are enough, per cause", () => {
    expect(rules(withWindow({ deliveries: 10_000, rejectedByCause: { invalid_json: 50 } }))).toEqual(["rejections:invalid_json"]);
    expect(rules(withWindow({ deliveries: 10_000, rejectedByCause: { invalid_json: 49 } }))).toEqual([]);
    // 6 of 40 requests = 15%
    expect(rules(withWindow({ deliveries: 34, rejectedByCause: { foreign_app: 6 } }))).toEqual(["rejections:foreign_app"]);
    // 4 of 5 is 80%, but below the minimum count for a share
    expect(rules(withWindow({ deliveries: 1, rejectedByCause: { foreign_app: 4 } }))).toEqual([]);
    const [c] = evaluateRules(withWindow({ deliveries: 34, rejectedByCause: { foreign_app: 6 } }), t);
    expect(c).toMatchObject({ counts: { rejected: 6, requests: 40, percent: 15 }, path: "/rejected?cause=foreign_app" });
  });

  it("signature failures have their own rule (10 in 15 min), not the rejections rule", () => {
    expect(rules(withWindow({ deliveries: 0, rejectedByCause: { bad_signature: 10 } }))).toEqual(["signature_failures:"]);
    expect(rules(withWindow({ deliveries: 0, rejectedByCause: { bad_signature: 9 } }))).toEqual([]);
  });

  it("429: any refusal in the window by default", () => {
    expect(rules(withWindow({ receiver429: 1 }))).toEqual(["receiver_429:"]);
    expect(rules(withWindow({ receiver429: 2 }), { ...t, receiver429Per15Min: 3 })).toEqual([]);
  });

  it("projection lag over the threshold", () => {
    expect(rules({ ...quiet, lagSeconds: 60, behind: 500 })).toEqual(["projection_lag:"]);
    expect(rules({ ...quiet, lagSeconds: 59.9, behind: 500 })).toEqual([]);
  });

  it("database down: only after the threshold, and not when disabled", () => {
    const now = new Date("2026-01-01T00:01:00Z");
    expect(databaseDownHolds(null, now, t)).toBe(false);
    expect(databaseDownHolds(new Date(now.getTime() - 29_000), now, t)).toBe(false);
    expect(databaseDownHolds(new Date(now.getTime() - 30_000), now, t)).toBe(true);
    expect(databaseDownHolds(new Date(0), now, { ...t, disabled: new Set(["database_unreachable"]) })).toBe(false);
  });
});
