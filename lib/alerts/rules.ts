// The alert rules as pure functions: measurements and thresholds in, the conditions
// that hold now out. Nothing here reads the database or the clock, so each rule is
// tested with numbers (lib/alerts/rules.test.ts); lib/alerts/measure.ts gathers them.
import { formatDuration } from "../format-duration";
import type { Sample } from "../domain/alerts";
import type { AlertRule } from "../domain/values";

interface SilentLocation {
  locationId: string;
  locationName: string | null;
  silentForMs: number;
  usualQuietMs: number | null;
  median14d: number;
  sample: Sample | null;
}

export interface Measurements {
  silent: SilentLocation[];
  /** Counts over the trailing window (up to 15 min; shorter right after this evaluator started). */
  window: { minutes: number; deliveries: number; rejectedByCause: Record<string, number>; receiver429: number };
  rejectedSamples: Record<string, Sample>;
  lagSeconds: number;
  behind: number;
}

export interface Thresholds {
  silenceMinHours: number;
  rejectionsPer15Min: number;
  rejectionsPercent: number;
  rejectionsMin: number;
  signatureFailuresPer15Min: number;
  receiver429Per15Min: number;
  lagSeconds: number;
  databaseDownSeconds: number;
  disabled: ReadonlySet<AlertRule>;
}

export interface Condition {
  rule: AlertRule;
  /** A locationId, a rejection cause, or "" for the whole receiver: one open alert per rule + subject. */
  subject: string;
  summary: string;
  counts: Record<string, number | string | null>;
  sample: Sample | null;
  /** Dashboard path of the filtered view; messages prefix DASHBOARD_URL. */
  path: string;
  locationName: string | null;
}

/** The cause with a rule of its own: a key rotation or a proxy rewriting bodies. */
const SIGNATURE_CAUSE = "bad_signature";
export const WINDOW_MINUTES = 15;

const plural = (n: number, one: string) => `${n.toLocaleString("en-US")} ${one}${n === 1 ? "" : "s"}`;

function silence(m: Measurements, t: Thresholds): Condition[] {
  return m.silent
    .filter((s) => s.silentForMs >= t.silenceMinHours * 3_600_000)
    .map((s) => ({
      rule: "silence" as const,
      subject: s.locationId,
      summary: `${s.locationName ? `${s.locationName} (${s.locationId})` : s.locationId} silent for ${formatDuration(s.silentForMs)}; longest quiet spell in 14 days: ${s.usualQuietMs === null ? "not measured" : formatDuration(s.usualQuietMs)}`,
      counts: {
        silentForMinutes: Math.floor(s.silentForMs / 60_000),
        usualQuietMinutes: s.usualQuietMs === null ? null : Math.floor(s.usualQuietMs / 60_000),
        medianPerDay: s.median14d,
      },
      sample: s.sample,
      path: `/locations/${encodeURIComponent(s.locationId)}`,
      locationName: s.locationName,
    }));
}

function rejections(m: Measurements, t: Thresholds): Condition[] {
  const { window: w } = m;
  const requests = w.deliveries + Object.values(w.rejectedByCause).reduce((a, b) => a + b, 0);
  const out: Condition[] = [];
  for (const [cause, n] of Object.entries(w.rejectedByCause)) {
    if (cause === SIGNATURE_CAUSE || n <= 0) continue;
    const percent = requests > 0 ? (100 * n) / requests : 0;
    const byCount = n >= t.rejectionsPer15Min;
    const byShare = n >= t.rejectionsMin && percent >= t.rejectionsPercent;
    if (!byCount && !byShare) continue;
    out.push({
      rule: "rejections",
      subject: cause,
      summary: `${plural(n, "request")} refused as ${cause} in ${w.minutes} min (${percent.toFixed(1)}% of ${plural(requests, "request")})`,
      counts: { rejected: n, requests, percent: Math.round(percent * 10) / 10, windowMinutes: w.minutes },
      sample: m.rejectedSamples[cause] ?? null,
      path: `/rejected?cause=${encodeURIComponent(cause)}`,
      locationName: null,
    });
  }
  return out;
}

function signatureFailures(m: Measurements, t: Thresholds): Condition[] {
  const n = m.window.rejectedByCause[SIGNATURE_CAUSE] ?? 0;
  if (n < t.signatureFailuresPer15Min) return [];
  return [
    {
      rule: "signature_failures",
      subject: "",
      summary: `${plural(n, "signature failure")} in ${m.window.minutes} min: a key rotation, a wrong public key setting or a proxy rewriting bodies`,
      counts: { badSignatures: n, windowMinutes: m.window.minutes },
      sample: m.rejectedSamples[SIGNATURE_CAUSE] ?? null,
      path: `/rejected?cause=${SIGNATURE_CAUSE}`,
      locationName: null,
    },
  ];
}

function receiver429(m: Measurements, t: Thresholds): Condition[] {
  const n = m.window.receiver429;
  if (n < t.receiver429Per15Min) return [];
  return [
    {
      rule: "receiver_429",
      subject: "",
      summary: `The receiver answered 429 ${plural(n, "time")} in ${m.window.minutes} min: it could not store deliveries in time (HighLevel retries them)`,
      counts: { refused429: n, windowMinutes: m.window.minutes },
      sample: null,
      path: "/",
      locationName: null,
    },
  ];
}

function projectionLag(m: Measurements, t: Thresholds): Condition[] {
  if (m.lagSeconds < t.lagSeconds) return [];
  return [
    {
      rule: "projection_lag",
      subject: "",
      summary: `Projection ${Math.round(m.lagSeconds)} s behind (${plural(m.behind, "event")} waiting): lists and pages show older state`,
      counts: { lagSeconds: Math.round(m.lagSeconds), behind: m.behind },
      sample: null,
      path: "/",
      locationName: null,
    },
  ];
}

/** Rules evaluated from measurements (database_unreachable is decided by lib/alerts/database-down.ts). */
const measuredRules = ["silence", "rejections", "signature_failures", "receiver_429", "projection_lag"] as const satisfies readonly AlertRule[];

const byRule: Record<(typeof measuredRules)[number], (m: Measurements, t: Thresholds) => Condition[]> = {
  silence,
  rejections,
  signature_failures: signatureFailures,
  receiver_429: receiver429,
  projection_lag: projectionLag,
};

export function evaluateRules(m: Measurements, t: Thresholds): Condition[] {
  return measuredRules.filter((r) => !t.disabled.has(r)).flatMap((r) => byRule[r](m, t));
}

/** The database condition: unreachable for at least the threshold. */
export function databaseDownHolds(downSince: Date | null, now: Date, t: Thresholds): boolean {
  return !t.disabled.has("database_unreachable") && downSince !== null && now.getTime() - downSince.getTime() >= t.databaseDownSeconds * 1000;
}
