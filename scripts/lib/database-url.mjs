// DATABASE_URL with the same default as lib/env.ts (SQLite under ./data).
export const defaultDatabaseUrl = "file:./data/monitor.db";

export function databaseUrl() {
  return process.env.DATABASE_URL?.trim() || defaultDatabaseUrl;
}
