// The receiver's own database connection: the append is the one statement batch
// on the hot path, so it bypasses Prisma's query layer (measured as most of the
// per-delivery cost) and talks to the driver directly.
// SQLite: a bare better-sqlite3 connection on a worker thread (WAL, synchronous=FULL:
// an acked delivery is on disk; see sqlite-append-thread.ts). PostgreSQL: a small pg
// pool of its own, so a burst of reads on the app's pool can never make a delivery
// wait for a connection.
import type { Pool } from "pg";
import { env } from "../env";
import { SqliteAppendThread } from "./sqlite-append-thread";

export type AppendDriver = { kind: "sqlite"; thread: SqliteAppendThread } | { kind: "postgresql"; pool: Pool };

/** The SQL the SQLite thread runs, written beside the PostgreSQL version in append.ts. */
export interface SqliteStatements {
  insertSql: string;
  bumpSql: string;
  counterSql: string;
  keyIndex: number;
  seenIndex: number;
}

interface Holder {
  driver?: Promise<AppendDriver>;
  /** Until when the database counts as unreachable (ms since epoch); see ingest-queue. */
  unavailableUntil?: number;
}
declare global {
  /** Survives Next's dev-mode module reloads, so reloads don't leak connections. */
  var __associationMonitorAppend: Holder | undefined;
}
globalThis.__associationMonitorAppend ??= {};
const state: Holder = globalThis.__associationMonitorAppend;

async function open(sqlite: SqliteStatements): Promise<AppendDriver> {
  const { DATABASE_URL: url, databaseKind } = env();
  if (databaseKind === "sqlite") {
    // Same path resolution as Prisma's adapter: relative to the working directory.
    const [path = ""] = url.replace(/^file:/, "").split("?");
    return { kind: "sqlite", thread: new SqliteAppendThread(path, sqlite) };
  }
  const { default: pg } = await import("pg");
  const pool = new pg.Pool({
    connectionString: url,
    max: 4,
    // Fail fast: the receiver must answer (429) within a second when PostgreSQL is away.
    connectionTimeoutMillis: 800,
    idleTimeoutMillis: 30_000,
    query_timeout: 5_000,
  });
  pool.on("error", () => {}); // an idle client's error (server restart) is not fatal
  return { kind: "postgresql", pool };
}

export async function appendDriver(sqlite: SqliteStatements): Promise<AppendDriver> {
  const current = await state.driver?.catch(() => null);
  if (current?.kind === "sqlite" && !current.thread.usable) state.driver = undefined;
  state.driver ??= open(sqlite).catch((error: unknown) => {
    state.driver = undefined;
    // Whatever the driver says (a missing directory, a refused port), the database
    // cannot be reached: P1001 is Prisma's code for that, which db-errors knows.
    throw Object.assign(new Error(`cannot open the database: ${error instanceof Error ? error.message : String(error)}`), { code: "P1001", cause: error });
  });
  return state.driver;
}

/** Remembers that the database was just found unreachable, for `ms`. */
export function markUnavailable(ms: number): void {
  state.unavailableUntil = Date.now() + ms;
}

export function recentlyUnavailable(): boolean {
  return Date.now() < (state.unavailableUntil ?? 0);
}

export async function closeAppendDriver(): Promise<void> {
  const current = state.driver;
  state.driver = undefined;
  state.unavailableUntil = undefined; // a new connection gets a fresh try
  const driver = await current?.catch(() => null);
  if (driver?.kind === "sqlite") await driver.thread.close();
  if (driver?.kind === "postgresql") await driver.pool.end();
}
