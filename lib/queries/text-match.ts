// Case-insensitive "contains" for text filters, shared by the associations search
// and the location-name filter.
import { databaseKind } from "../db";

/**
 * ILIKE on PostgreSQL, where `%` and `_` in the search are escaped to match literally.
 * SQLite's LIKE already ignores ASCII case but has no escape character without an
 * ESCAPE clause (Prisma writes none), so there `%` and `_` stay wildcards: the result
 * is a superset, never missing a match.
 *
 * `mode` is an option only PostgreSQL's client has: this is the one place that sets
 * it, and only when the database is PostgreSQL. Typed as a plain `contains` filter
 * with that one optional extra, it fits the filters of either client.
 */
export function containsText(q: string): { contains: string; mode?: "insensitive" } {
  return databaseKind() === "postgresql" ? { contains: q.replace(/[\\%_]/g, "\\$&"), mode: "insensitive" } : { contains: q };
}
