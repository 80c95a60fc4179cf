// Counts over the trailing 15 minutes from cumulative totals. The stored totals
// (Counter "rejected:<cause>", "receiver429:<instance>", the event log's head) only
// grow, so the evaluator samples them each cycle and a window's count is the newest
// sample minus the one taken 15 minutes earlier. Samples live in the evaluator's
// memory: after a takeover the window starts at the new evaluator's first sample and
// covers less than 15 minutes until it has run that long (the message says how long).
import { WINDOW_MINUTES } from "./rules";

export interface CounterSample {
  at: number;
  /** Cumulative totals by name. */
  totals: Record<string, number>;
}

const windowMs = WINDOW_MINUTES * 60_000;

/** Adds a sample and drops those no window needs any more (one older than 15 min stays as the baseline). */
export function addSample(samples: CounterSample[], sample: CounterSample): CounterSample[] {
  const next = [...samples.filter((s) => s.at < sample.at), sample];
  const cutoff = sample.at - windowMs;
  const baseline = next.findLastIndex((s) => s.at <= cutoff);
  return baseline > 0 ? next.slice(baseline) : next;
}

/** Growth of each total since the window's baseline, and how many minutes that covers. */
export function windowDeltas(samples: readonly CounterSample[]): { minutes: number; deltas: Record<string, number>; base: CounterSample | undefined } {
  const newest = samples.at(-1);
  if (!newest) return { minutes: 0, deltas: {}, base: undefined };
  const cutoff = newest.at - windowMs;
  const base = samples.findLast((s) => s.at <= cutoff) ?? samples[0] ?? newest;
  const deltas: Record<string, number> = {};
  for (const [name, value] of Object.entries(newest.totals)) {
    // A total missing from the baseline started counting since: all of it is new.
    deltas[name] = Math.max(0, value - (base.totals[name] ?? 0));
  }
  return { minutes: Math.round(Math.min(newest.at - base.at, windowMs) / 60_000), deltas, base };
}
