// The database clients. DATABASE_URL picks the database: `file:…` is SQLite
// (better-sqlite3, WAL), `postgresql://…` is PostgreSQL (pg pool).
//
// SQLite gets two Prisma clients on two connections: `db()` reads, `writeDb()`
// writes. better-sqlite3 is synchronous and a connection is shared by everything on
// it, so a read on the writer's connection during an open transaction would see that
// transaction's uncommitted rows; a separate reader in WAL mode sees only committed
// snapshots. The receiver's append (lib/queries/append.ts) has a third, bare
// connection. Every write in this process takes `withWriteLock` so two of our
// connections never wait on each other's SQLite lock (better-sqlite3 would wait
// synchronously, freezing the event loop the other needs to finish).
// PostgreSQL: one Prisma client (pool) for both; MVCC gives readers committed data.
//
// Each database has its own generated client, from the same models
// (prisma/schema.prisma). Queries are typed against the SQLite client: the
// PostgreSQL client accepts every argument it accepts (and more: `mode`,
// `skipDuplicates`, field references, isolation levels) and returns the same rows,
// so a query that compiles runs on both, and an option only PostgreSQL has does not
// compile by accident (lib/queries/text-match.ts is the one place that sets one).
import { resolve } from "node:path";
import type { DialectsAgree } from "./db-dialects";
import { env } from "./env";
import type { PrismaClient as PostgresClient } from "./generated/postgresql/client";
import type { PrismaClient } from "./generated/sqlite/client";
import { createPrivateFile } from "./private-files.mjs";

export type Db = PrismaClient;
export type { Prisma } from "./generated/sqlite/client";
export type DatabaseKind = "sqlite" | "postgresql";

interface Holder {
  read?: Promise<Db>;
  write?: Promise<Db>;
  lock?: Promise<void>;
}
declare global {
  /** Survives Next's dev-mode module reloads, so reloads don't leak connections. */
  var __associationMonitorDb: Holder | undefined;
}
globalThis.__associationMonitorDb ??= {};
const state: Holder = globalThis.__associationMonitorDb;

async function connectSqlite(url: string, role: "read" | "write"): Promise<Db> {
  const [{ PrismaClient: SqliteClient }, { PrismaBetterSqlite3 }] = await Promise.all([
    import("./generated/sqlite/client"),
    import("@prisma/adapter-better-sqlite3"),
  ]);
  // better-sqlite3's `timeout` is SQLite's busy timeout: wait for another process's
  // lock (npm run reproject, prune) instead of failing at once.
  // better-sqlite3 would create a missing file with the umask's mode (0644): create it
  // 0600 first, as the migrator does (`next build` opens it too). Best effort: when
  // that fails, the driver's own open error says why (the receiver knows it as
  // "database unavailable"). No folders are made here (recursive mkdir under /proc spins).
  const path = url.slice("file:".length).split("?")[0] ?? "";
  if (path !== ":memory:") {
    try {
      createPrivateFile(resolve(path));
    } catch {}
  }
  const client = new SqliteClient({ adapter: new PrismaBetterSqlite3({ url, timeout: 5_000 }) });
  if (role === "read") {
    // A write through the reader would bypass the write lock: make it an error.
    await client.$executeRawUnsafe("PRAGMA query_only = ON");
  } else {
    // Derived state and the rejected log: NORMAL is durable against a crash of the
    // process, and a power cut can only roll the projector back (it re-applies).
    await client.$executeRawUnsafe("PRAGMA synchronous = NORMAL");
  }
  return client;
}

/**
 * The one cast between the two clients: the PostgreSQL client serves every call
 * typed against the SQLite client. TypeScript cannot relate the two classes as a
 * whole (their $transaction overloads differ), so lib/db-dialects.ts checks the
 * claim per model and operation: `DialectsAgree` is `true` only while it holds, and
 * the call below passes `true` for it.
 */
function postgresAsDb(client: PostgresClient, _agree: DialectsAgree): Db {
  return client as unknown as Db;
}

async function connectPostgres(url: string): Promise<Db> {
  const [{ PrismaClient: PgClient }, { PrismaPg }, { default: pg }] = await Promise.all([
    import("./generated/postgresql/client"),
    import("@prisma/adapter-pg"),
    import("pg"),
  ]);
  // Two waits, two limits (pg-pool would use connectionTimeoutMillis for both).
  // Opening a connection fails fast when PostgreSQL is down (3 s, set per client).
  // Waiting for a pooled connection while PostgreSQL is up but every connection is
  // busy is not an outage: it may last up to 10 s.
  class FastConnectClient extends pg.Client {
    constructor(config?: string | import("pg").ClientConfig) {
      super({ ...(typeof config === "string" ? { connectionString: config } : config), connectionTimeoutMillis: 3_000 });
    }
  }
  const adapter = new PrismaPg({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    // A PostgreSQL that hangs instead of refusing connections must still end in an
    // error rather than requests waiting for as long as it is frozen.
    query_timeout: 15_000,
    Client: FastConnectClient,
  });
  return postgresAsDb(new PgClient({ adapter }), true);
}

function connect(role: "read" | "write"): Promise<Db> {
  const { DATABASE_URL: url, databaseKind } = env();
  if (databaseKind === "sqlite") return connectSqlite(url, role);
  // One pool serves both roles on PostgreSQL.
  if (role === "write") return db();
  return connectPostgres(url);
}

function cached(role: "read" | "write"): Promise<Db> {
  const current = state[role];
  if (current) return current;
  const next = connect(role).catch((error: unknown) => {
    state[role] = undefined; // let the next request try again
    throw error;
  });
  state[role] = next;
  return next;
}

/** The client for reads (pages, API, export), connected on first use. */
export function db(): Promise<Db> {
  return cached("read");
}

/** The client for writes; on SQLite use it inside withWriteLock. */
export function writeDb(): Promise<Db> {
  return cached("write");
}

/**
 * Runs `fn` while no other write of this process runs (SQLite); on PostgreSQL it
 * just runs it, the database orders concurrent writers itself.
 */
export async function withWriteLock<T>(fn: () => Promise<T> | T): Promise<T> {
  if (databaseKind() !== "sqlite") return fn();
  const previous = state.lock ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((r) => (release = r));
  state.lock = previous.then(() => mine);
  await previous;
  try {
    return await fn();
  } finally {
    release();
  }
}

export function databaseKind(): DatabaseKind {
  return env().databaseKind;
}

/** Closes the clients (tests and scripts); the next call reconnects. */
export async function disconnectDb(): Promise<void> {
  const { read, write } = state;
  state.read = undefined;
  state.write = undefined;
  const clients = new Set([read, write].filter((c): c is Promise<Db> => c !== undefined));
  for (const c of clients) await (await c.catch(() => null))?.$disconnect();
  const { closeAppendDriver } = await import("./queries/append-driver");
  await closeAppendDriver();
}
