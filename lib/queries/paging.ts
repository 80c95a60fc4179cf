// Keyset paging: queries fetch limit + 1 rows; the extra row only tells whether a
// next page exists, and the cursor names the last row shown.
import { encodeCursor } from "../filters/common";

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
  /** Set when rows come before this page (see seekPage); absent from plain keysetPage results. */
  prevCursor?: string | null;
}

export function keysetPage<T>(rows: T[], limit: number, cursorOf: (row: T) => unknown): Page<T> {
  const data = rows.slice(0, limit);
  const last = data.at(-1);
  return { data, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(cursorOf(last)) : null };
}
