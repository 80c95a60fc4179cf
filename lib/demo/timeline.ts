// Times for the demo events, relative to "now" so the dashboard's recent figures
// are filled whenever the demo is loaded. Activity is denser towards now, as on a
// live account.
import type { Rng } from "./random";

export const minute = 60_000;
export const hour = 60 * minute;
export const day = 24 * hour;

/** A time in (from, to], more often near `to` the larger `bias` is (1 = uniform). */
export function later(rng: Rng, from: number, to: number, bias = 1.8): number {
  if (to <= from) return from + 1;
  const at = Math.round(to - (to - from) * rng.next() ** bias);
  return Math.min(Math.max(at, from + 1), to);
}
