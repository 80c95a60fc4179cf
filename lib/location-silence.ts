// When a location counts as silent, from its hourly delivery counts. Pure, so the
// rule is tested apart from the SQL that gathers the numbers
// (lib/queries/location-activity.ts).
//
// Windows are 24 hours back from the current hour: window 0 is the last 24 hour
// buckets (the current, partial hour included), windows 1..14 the 14 days before.
// A location is silent when all of these hold:
// - it is not uninstalled (an uninstalled location is expected to stop);
// - it usually sends: the median of its 14 daily counts is at least 1;
// - the time since its last delivery is longer than its longest quiet spell in those
//   14 days (the longest time between two deliveries, at hour resolution: deliveries
//   in hours h and h + 5 are 5 h apart), and longer than SILENCE_FLOOR_MS.
// An hourly sender is thus silent after 2 h, one that sends every 6 h after 6 h. A
// location quiet for more than about a week no longer "usually sends" and stops
// counting as silent: by then the median says quiet is its new normal.
export const HOUR_MS = 3_600_000;
export const ACTIVITY_DAYS = 14;
const SILENCE_FLOOR_MS = 2 * HOUR_MS;

/** Median of the 14 daily counts before the last 24 h (windows 1..14; absent = 0). */
export function median14d(windows: ReadonlyMap<number, number>): number {
  const days = Array.from({ length: ACTIVITY_DAYS }, (_, i) => windows.get(i + 1) ?? 0).sort((a, b) => a - b);
  const mid = ACTIVITY_DAYS / 2;
  return ((days[mid - 1] ?? 0) + (days[mid] ?? 0)) / 2;
}

export interface SilenceInput {
  installState: string | null;
  median14d: number;
  lastReceivedAt: Date | null;
  /** Longest gap between deliveries in the 14 days, ms; null when not measured. */
  usualQuietMs: number | null;
  now: Date;
}

/** Worth measuring the longest quiet spell for: silent unless its usual quiet is longer. */
export function isSilenceCandidate(i: Omit<SilenceInput, "usualQuietMs">): boolean {
  return i.installState !== "uninstalled" && i.median14d >= 1 && i.lastReceivedAt !== null && i.now.getTime() - i.lastReceivedAt.getTime() > SILENCE_FLOOR_MS;
}

export function isSilent(i: SilenceInput): boolean {
  if (!isSilenceCandidate(i) || !i.lastReceivedAt) return false;
  return i.now.getTime() - i.lastReceivedAt.getTime() > Math.max(i.usualQuietMs ?? 0, SILENCE_FLOOR_MS);
}

/** Longest gap between consecutive delivery hours, in ms (0 with fewer than two). */
export function longestGapMs(deliveryHours: readonly number[]): number {
  const sorted = [...deliveryHours].sort((a, b) => a - b);
  let longest = 0;
  for (let i = 1; i < sorted.length; i++) longest = Math.max(longest, (sorted[i] ?? 0) - (sorted[i - 1] ?? 0));
  return longest * HOUR_MS;
}
