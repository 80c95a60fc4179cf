// The relative time ranges, apart from the zod schemas so the browser's range picker
// imports only these constants.
export const relativeRanges = { "1h": 3_600_000, "24h": 86_400_000, "7d": 7 * 86_400_000, "30d": 30 * 86_400_000 } as const;
export type RelativeRange = keyof typeof relativeRanges;
export function isRelativeRange(v: string): v is RelativeRange {
  return Object.hasOwn(relativeRanges, v);
}
export const relativeRangeKeys = Object.keys(relativeRanges).filter(isRelativeRange);

export const rangeLabels: Record<RelativeRange, string> = { "1h": "Last 1 h", "24h": "Last 24 h", "7d": "Last 7 d", "30d": "Last 30 d" };
