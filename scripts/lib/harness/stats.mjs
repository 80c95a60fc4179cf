// @ts-check
// Latency statistics: nearest-rank quantiles on a sorted copy, and rounding for reports.

/**
 * @param {Float64Array} sorted
 * @param {number} q 0..1
 */
const nearestRank = (sorted, q) => /** @type {number} */ (sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]);

/**
 * The q-th quantile (0..1) of `values`; null when there are none.
 * @param {ArrayLike<number>} values
 * @param {number} q
 */
export function quantile(values, q) {
  if (values.length === 0) return null;
  return nearestRank(Float64Array.from(values).sort(), q);
}

/**
 * Count, p50, p90, p99 and max of `values` (NaN when there are none).
 * @param {ArrayLike<number>} values
 */
export function percentiles(values) {
  const sorted = Float64Array.from(values).sort();
  /** @param {number} p */
  const at = (p) => (sorted.length ? nearestRank(sorted, p / 100) : NaN);
  return { count: sorted.length, p50: at(50), p90: at(90), p99: at(99), max: sorted.length ? at(100) : NaN };
}

/**
 * `n` to `digits` decimals (a number, for JSON); null stays null.
 * @param {number | null | undefined} n
 */
export const round = (n, digits = 1) => (n === null || n === undefined ? null : Number(n.toFixed(digits)));
