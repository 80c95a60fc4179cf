// The alert settings of lib/env.ts in the shapes the evaluator uses.
import { env } from "../env";
import { parseChannels, type Channel } from "./channels";
import type { Thresholds } from "./rules";

export interface AlertConfig {
  thresholds: Thresholds;
  channels: Channel[];
  minOpenMs: number;
  maxAttempts: number;
  dashboardUrl: string;
  evaluateMs: number;
}

export function alertConfig(): AlertConfig {
  const e = env();
  return {
    thresholds: {
      silenceMinHours: e.ALERT_SILENCE_MIN_HOURS,
      rejectionsPer15Min: e.ALERT_REJECTIONS_PER_15_MIN,
      rejectionsPercent: e.ALERT_REJECTIONS_PERCENT,
      rejectionsMin: e.ALERT_REJECTIONS_MIN,
      signatureFailuresPer15Min: e.ALERT_SIGNATURE_FAILURES_PER_15_MIN,
      receiver429Per15Min: e.ALERT_429_PER_15_MIN,
      lagSeconds: e.ALERT_LAG_SECONDS,
      databaseDownSeconds: e.ALERT_DATABASE_DOWN_SECONDS,
      disabled: new Set(e.ALERT_DISABLED_RULES),
    },
    channels: parseChannels(e.ALERT_WEBHOOK_URLS),
    minOpenMs: e.ALERT_MIN_OPEN_MINUTES * 60_000,
    maxAttempts: e.ALERT_NOTIFY_ATTEMPTS,
    dashboardUrl: e.dashboardUrl,
    evaluateMs: e.ALERT_EVALUATE_SECONDS * 1000,
  };
}

/**
 * How long the evaluator's lease lasts: two missed cycles and then some, so a slow
 * cycle keeps it, and a dead instance's alerts resume on another within about a minute
 * and a half (a clean shutdown releases it at once).
 */
export const leaseMsFor = (evaluateMs: number) => 2 * evaluateMs + 15_000;
