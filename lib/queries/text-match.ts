// Case-insensitive "contains" for text filters, shared by the associations search
// and the location-name filter.
import { databaseKind } from "../db";

/**
 * ILIKE on PostgreSQL, where `%` and `_` in the search are escaped to match literally.
 * SQLite's LIKE already ignores ASCII case but has no escape character without an
 * ESCAPE clause (Prisma writes none), so there `%` and `_` stay wildcards: the result
 * is a superset, never missing a match.
 */
export function containsText(q: string) {
  return databaseKind() === "postgresql"
    ? { contains: q.replace(/[\\%_]/g, "\\$&"), mode: "insensitive" as const }
    : { contains: q };
}
