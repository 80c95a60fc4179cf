// Durations as people say them on a dashboard: "45 min", "9 h", "2 d 3 h". Rounded
// down, so "silent for 9 h" never claims more than happened.
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export function formatDuration(ms: number): string {
  if (ms < HOUR) return `${Math.max(0, Math.floor(ms / MINUTE))} min`;
  if (ms < DAY) return `${Math.floor(ms / HOUR)} h`;
  const days = Math.floor(ms / DAY);
  const hours = Math.floor((ms % DAY) / HOUR);
  return hours ? `${days} d ${hours} h` : `${days} d`;
}

/** Why a location counts as silent, in one sentence for the list and the location page. */
export function silenceExplanation(silentForMs: number, usualQuietMs: number | null): string {
  return `silent for ${formatDuration(silentForMs)}; longest quiet spell in 14 days: ${usualQuietMs === null ? "not measured" : formatDuration(usualQuietMs)}`;
}
