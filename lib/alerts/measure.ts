// Gathers the rules' measurements. Each group (window counts, silence, lag) is read on
// its own, so one failing query leaves only its rules unevaluated: their open alerts
// stay as they are instead of resolving on missing data.
import { logger } from "../logger";
import { eventsAfter, latestEvents, latestRejected, readTotals } from "../queries/alert-measurements";
import { listLocationActivity } from "../queries/location-activity";
import { getLocationNames } from "../queries/location-profiles";
import { projectorStatus } from "../queries/projector-status";
import type { AlertRule } from "../domain/values";
import type { Measurements } from "./rules";
import { addSample, windowDeltas, type CounterSample } from "./window";

export interface Measured {
  measurements: Measurements;
  evaluated: Set<AlertRule>;
  samples: CounterSample[];
}

async function attempt<T>(what: string, fn: () => Promise<T>): Promise<T | null> {
  try {
    return await fn();
  } catch (error) {
    logger.warn({ err: error instanceof Error ? error.message : String(error), what }, "alert measurement failed; its rules wait for the next evaluation");
    return null;
  }
}

async function windowCounts(samples: CounterSample[], now: Date) {
  const next = addSample(samples, { at: now.getTime(), totals: await readTotals() });
  const { minutes, deltas, base } = windowDeltas(next);
  const rejectedByCause: Record<string, number> = {};
  for (const [name, n] of Object.entries(deltas)) if (name.startsWith("rejected:") && n > 0) rejectedByCause[name.slice("rejected:".length)] = n;
  // The first sample has no baseline: nothing has been seen arriving yet.
  const deliveries = base === next.at(-1) ? 0 : await eventsAfter(base?.totals.head ?? 0);
  const rejectedSamples = await latestRejected(Object.keys(rejectedByCause));
  return { samples: next, window: { minutes, deliveries, rejectedByCause, receiver429: deltas.receiver429 ?? 0 }, rejectedSamples };
}

async function silentLocations(now: Date) {
  const silent = (await listLocationActivity(now)).filter((l) => l.silent);
  const ids = silent.map((l) => l.locationId);
  const [names, events] = await Promise.all([getLocationNames(ids), latestEvents(ids)]);
  return silent.map((l) => ({
    locationId: l.locationId,
    locationName: names.get(l.locationId) ?? null,
    silentForMs: l.silentForMs ?? 0,
    usualQuietMs: l.usualQuietMs,
    median14d: l.median14d,
    sample: events[l.locationId] ?? null,
  }));
}

/** The rules measured from the window counts: evaluated whenever those counts were read. */
const countedRules: readonly AlertRule[] = ["rejections", "signature_failures", "receiver_429"];

export async function measure(samples: CounterSample[], now: Date): Promise<Measured> {
  const [counts, silent, lag] = await Promise.all([
    attempt("window counts", () => windowCounts(samples, now)),
    attempt("silence", () => silentLocations(now)),
    attempt("projection lag", () => projectorStatus(now)),
  ]);
  const evaluated = new Set<AlertRule>();
  if (counts) for (const rule of countedRules) evaluated.add(rule);
  if (silent) evaluated.add("silence");
  if (lag) evaluated.add("projection_lag");
  return {
    measurements: {
      silent: silent ?? [],
      window: counts?.window ?? { minutes: 0, deliveries: 0, rejectedByCause: {}, receiver429: 0 },
      rejectedSamples: counts?.rejectedSamples ?? {},
      lagSeconds: lag?.lagSeconds ?? 0,
      behind: lag?.behind ?? 0,
    },
    evaluated,
    samples: counts?.samples ?? samples,
  };
}
