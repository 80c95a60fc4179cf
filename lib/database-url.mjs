// DATABASE_URL and its default (SQLite under ./data), shared by lib/env.ts and the
// plain-Node scripts (start, migrate), which cannot import TypeScript.
export const defaultDatabaseUrl = "file:./data/monitor.db";

export function databaseUrl() {
  return process.env.DATABASE_URL?.trim() || defaultDatabaseUrl;
}
