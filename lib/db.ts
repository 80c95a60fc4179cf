// The one Prisma client. DATABASE_URL picks the database: `file:…` is SQLite
// (better-sqlite3, WAL, busy timeout), `postgresql://…` is PostgreSQL (pg pool).
// Each database has its own generated client, but both come from the same models
// (prisma/schema.prisma), so the PostgreSQL client's type describes both.
import type { PrismaClient } from "./generated/postgresql/client";
import { env } from "./env";

export type Db = PrismaClient;
export type DatabaseKind = "sqlite" | "postgresql";

interface Holder {
  db?: Promise<Db>;
}
// Survives Next's dev-mode module reloads, so reloads don't leak connections.
const holder = globalThis as typeof globalThis & { __associationMonitorDb?: Holder };
const state: Holder = (holder.__associationMonitorDb ??= {});

async function connect(): Promise<Db> {
  const { DATABASE_URL: url, databaseKind } = env();
  if (databaseKind === "sqlite") {
    const [{ PrismaClient: SqliteClient }, { PrismaBetterSqlite3 }] = await Promise.all([
      import("./generated/sqlite/client"),
      import("@prisma/adapter-better-sqlite3"),
    ]);
    // better-sqlite3's `timeout` is SQLite's busy timeout: wait for a lock instead of failing.
    const client = new SqliteClient({ adapter: new PrismaBetterSqlite3({ url, timeout: 10_000 }) });
    // FULL: a commit is on disk before we answer 2xx, even across a power cut.
    await client.$executeRawUnsafe("PRAGMA synchronous = FULL");
    return client as unknown as Db;
  }
  const [{ PrismaClient: PgClient }, { PrismaPg }, { default: pg }] = await Promise.all([
    import("./generated/postgresql/client"),
    import("@prisma/adapter-pg"),
    import("pg"),
  ]);
  // Two waits, two limits (pg-pool would use connectionTimeoutMillis for both).
  // Opening a connection fails fast when PostgreSQL is down (3 s, set per client), so
  // the receiver answers 503 and HighLevel retries. Waiting for a pooled connection
  // while PostgreSQL is up but every connection is busy (a burst of deliveries) is
  // not an outage: it may last up to the ingest transaction's maxWait (10 s). With one
  // 3 s limit for both, 200 concurrent deliveries got 503s from a healthy database
  // (scripts/reliability/load.mjs --concurrency 200 on PostgreSQL).
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
    // A PostgreSQL that hangs instead of refusing connections must still end in a
    // 503 rather than requests waiting for as long as it is frozen.
    query_timeout: 15_000,
    Client: FastConnectClient,
  });
  return new PgClient({ adapter });
}

/** The shared client, connected on first use. */
export function db(): Promise<Db> {
  state.db ??= connect().catch((error: unknown) => {
    state.db = undefined; // let the next request try again
    throw error;
  });
  return state.db;
}

export function databaseKind(): DatabaseKind {
  return env().databaseKind;
}

/** Closes the client (tests and scripts); the next db() call reconnects. */
export async function disconnectDb(): Promise<void> {
  const current = state.db;
  state.db = undefined;
  if (current) await (await current).$disconnect();
}
