// Upgrading a database that already holds data: the later migrations' hand-written
// backfills (duplicates counter, per-day chart counts) must count what is there, and
// stored signature headers (once kept whole: a replay kit) end up shortened.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { applyMigrations } from "../lib/migrate/apply-migrations.mjs";
import { listMigrations } from "../lib/migrate/migrations.mjs";
import { env } from "@/lib/env";
import { shortenSignature } from "@/lib/highlevel/signature";

const fullGhl = `${"A".repeat(80)}wxyz==`;
const fullWh = `${"B".repeat(340)}9876`;
const signedHeaders = JSON.stringify({ "content-type": "application/json", "x-ghl-signature": fullGhl, "x-wh-signature": fullWh });
const headersOf = (key: string) => (key === "a" ? signedHeaders : key === "b" ? JSON.stringify({ "x-ghl-signature": "short" }) : "{}");

const columns = `("dedupeKey","kind","type","occurredAt","receivedAt","lastSeenAt","duplicateCount","verification","route","headers","rawBody","bodySize")`;

async function withFirstMigrationOnly(provider: "sqlite" | "postgresql") {
  const first = listMigrations(provider)[0];
  if (!first) throw new Error("no migrations");
  if (provider === "sqlite") {
    const url = `file:${join(mkdtempSync(join(tmpdir(), "am-upgrade-")), "db.sqlite")}`;
    const { default: Database } = await import("better-sqlite3");
    const db = new Database(url.slice("file:".length));
    db.exec(first.sql);
    const row = (key: string, type: string | null, at: string, dups: number) =>
      db
        .prepare(`INSERT INTO "Event" ${columns} VALUES (?, 'other', ?, ?, ?, ?, ?, 'ed25519', 'generic', ?, x'7b7d', 2)`)
        .run(key, type, at, at, at, dups, headersOf(key));
    row("a", "ContactCreate", "2026-03-01T10:00:00.000+00:00", 2);
    row("b", "ContactCreate", "2026-03-01T11:00:00.000+00:00", 0);
    row("c", null, "2026-03-02T09:00:00.000+00:00", 1);
    recordAsApplied(db, first);
    db.close();
    return url;
  }
  const { default: pg } = await import("pg");
  const admin = new pg.Client({ connectionString: env().DATABASE_URL });
  await admin.connect();
  await admin.query("DROP DATABASE IF EXISTS monitor_upgrade_test");
  await admin.query("CREATE DATABASE monitor_upgrade_test");
  await admin.end();
  const url = env().DATABASE_URL.replace(/\/[^/?]+(\?|$)/, "/monitor_upgrade_test$1");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(first.sql);
  const insert = `INSERT INTO "Event" ${columns} VALUES ($1,'other',$2,$3,$3,$3,$4,'ed25519','generic',$5,'\\x7b7d',2)`;
  await client.query(insert, ["a", "ContactCreate", "2026-03-01T10:00:00Z", 2, headersOf("a")]);
  await client.query(insert, ["b", "ContactCreate", "2026-03-01T11:00:00Z", 0, headersOf("b")]);
  await client.query(insert, ["c", null, "2026-03-02T09:00:00Z", 1, headersOf("c")]);
  await client.query(
    `CREATE TABLE "_prisma_migrations" ("id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ, "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ, "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`,
  );
  await client.query(`INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) VALUES ('x', $1, now(), $2, 1)`, [
    first.checksum,
    first.name,
  ]);
  await client.end();
  return url;
}

/** Records the first migration as applied, in the table and format the app's migrator uses. */
function recordAsApplied(db: import("better-sqlite3").Database, first: { name: string; checksum: string }) {
  db.exec(
    `CREATE TABLE "_prisma_migrations" ("id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL, "finished_at" DATETIME, "migration_name" TEXT NOT NULL, "logs" TEXT, "rolled_back_at" DATETIME, "started_at" DATETIME NOT NULL DEFAULT current_timestamp, "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0)`,
  );
  db.prepare(`INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) VALUES ('x', ?, ?, ?, 1)`).run(
    first.checksum,
    Date.now(),
    first.name,
  );
}

async function readBack(url: string) {
  if (url.startsWith("file:")) {
    const { default: Database } = await import("better-sqlite3");
    const db = new Database(url.slice("file:".length));
    const counter = db.prepare(`SELECT "value" FROM "Counter" WHERE "name" = 'duplicates'`).get() as { value: number };
    const days = db.prepare(`SELECT "day", "type", "count" FROM "EventDay" ORDER BY 1, 2`).all();
    const headers = db.prepare(`SELECT "headers" FROM "Event" ORDER BY "dedupeKey"`).all() as { headers: string }[];
    db.close();
    return { duplicates: counter.value, days, headers: headers.map((h) => JSON.parse(h.headers) as unknown) };
  }
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const counter = await client.query(`SELECT "value" FROM "Counter" WHERE "name" = 'duplicates'`);
  const days = await client.query(`SELECT "day", "type", "count" FROM "EventDay" ORDER BY 1, 2`);
  const headers = await client.query(`SELECT "headers" FROM "Event" ORDER BY "dedupeKey"`);
  await client.end();
  return { duplicates: counter.rows[0].value, days: days.rows, headers: headers.rows.map((h: { headers: string }) => JSON.parse(h.headers) as unknown) };
}

describe("upgrading a populated database", () => {
  it("backfills the duplicates counter and the per-day counts from the events already stored", async () => {
    const url = await withFirstMigrationOnly(env().databaseKind);
    const applied = await applyMigrations(url);
    expect(applied.length).toBe(listMigrations(env().databaseKind).length - 1);
    expect(await readBack(url)).toEqual({
      duplicates: 3,
      days: [
        { day: "2026-03-01", type: "ContactCreate", count: 2 },
        { day: "2026-03-02", type: "unclassified", count: 1 },
      ],
      headers: [
        { "content-type": "application/json", "x-ghl-signature": shortenSignature(fullGhl), "x-wh-signature": shortenSignature(fullWh) },
        { "x-ghl-signature": "short" },
        {},
      ],
    });
  });
});

// The location lifecycle migration's backfill: last delivery time, hourly counts of
// the last 15 days and install state, from events the projector had already applied.
interface SeedEvent {
  key: string;
  type: string;
  locationId: string | null;
  eventTimestamp: string | null;
  receivedAt: string;
  body: string;
}

const hourAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000);
const isoOf = (d: Date) => d.toISOString();
const hourOfDate = (d: Date) => Math.floor(d.getTime() / 3_600_000);

function lifecycleSeed(): SeedEvent[] {
  const install = (fields: Record<string, unknown>) => JSON.stringify({ appId: "app", installType: "Location", ...fields });
  return [
    {
      key: "i1",
      type: "INSTALL",
      locationId: "up-1",
      eventTimestamp: "2026-03-01T10:00:00.000Z",
      receivedAt: isoOf(hourAgo(50)),
      body: install({ type: "INSTALL", locationId: "up-1", companyId: "co-1", companyName: "Acme", versionId: "v1" }),
    },
    // Newer in event time, though received first: the state is uninstalled.
    {
      key: "u1",
      type: "UNINSTALL",
      locationId: "up-1",
      eventTimestamp: "2026-03-02T10:00:00.000Z",
      receivedAt: isoOf(hourAgo(60)),
      body: install({ type: "UNINSTALL", locationId: "up-1", companyId: "co-1", versionId: "v2" }),
    },
    // A bulk install: up-2 already has a row, up-3 is only named here.
    {
      key: "b1",
      type: "INSTALL",
      locationId: null,
      eventTimestamp: "2026-03-03T10:00:00.000Z",
      receivedAt: isoOf(hourAgo(3)),
      body: install({ type: "INSTALL", locationIds: ["up-2", "up-3", 7], companyId: "co-2", versionId: "v3" }),
    },
    {
      key: "c1",
      type: "ContactCreate",
      locationId: "up-2",
      eventTimestamp: null,
      receivedAt: isoOf(hourAgo(2)),
      body: JSON.stringify({ type: "ContactCreate", locationId: "up-2" }),
    },
    {
      key: "c2",
      type: "ContactCreate",
      locationId: "up-2",
      eventTimestamp: null,
      receivedAt: isoOf(hourAgo(2)),
      body: JSON.stringify({ type: "ContactCreate", locationId: "up-2" }),
    },
    // Older than the 15 days kept by the hourly counts: only lastReceivedAt sees it.
    {
      key: "c3",
      type: "ContactCreate",
      locationId: "up-4",
      eventTimestamp: null,
      receivedAt: isoOf(hourAgo(20 * 24)),
      body: JSON.stringify({ type: "ContactCreate", locationId: "up-4" }),
    },
    // Not JSON: the upgrade must not fail on it.
    { key: "bad", type: "INSTALL", locationId: "up-5", eventTimestamp: null, receivedAt: isoOf(hourAgo(1)), body: "{not json" },
  ];
}

async function withLifecycleEvents(provider: "sqlite" | "postgresql", seed: SeedEvent[]) {
  const first = listMigrations(provider)[0];
  if (!first) throw new Error("no migrations");
  const cols = `("dedupeKey","kind","type","locationId","eventTimestamp","occurredAt","receivedAt","lastSeenAt","verification","route","headers","rawBody","bodySize")`;
  // Rows the projector had applied before the upgrade: the ones with a location.
  const located = [...new Set(seed.flatMap((e) => (e.locationId ? [e.locationId] : [])))];
  if (provider === "sqlite") {
    const url = `file:${join(mkdtempSync(join(tmpdir(), "am-upgrade-")), "db.sqlite")}`;
    const { default: Database } = await import("better-sqlite3");
    const db = new Database(url.slice("file:".length));
    db.exec(first.sql);
    const sqliteTime = (iso: string | null) => (iso ? iso.replace("Z", "+00:00") : null);
    for (const e of seed) {
      db.prepare(`INSERT INTO "Event" ${cols} VALUES (?, 'other', ?, ?, ?, ?, ?, ?, 'ed25519', 'generic', '{}', ?, ?)`).run(
        e.key,
        e.type,
        e.locationId,
        sqliteTime(e.eventTimestamp),
        sqliteTime(e.eventTimestamp ?? e.receivedAt),
        sqliteTime(e.receivedAt),
        sqliteTime(e.receivedAt),
        Buffer.from(e.body),
        e.body.length,
      );
    }
    for (const id of located) db.prepare(`INSERT INTO "Location" ("locationId","events","lastEventAt") VALUES (?, 1, '2026-01-01T00:00:00.000+00:00')`).run(id);
    recordAsApplied(db, first);
    db.close();
    return url;
  }
  const { default: pg } = await import("pg");
  const admin = new pg.Client({ connectionString: env().DATABASE_URL });
  await admin.connect();
  await admin.query("DROP DATABASE IF EXISTS monitor_upgrade_test");
  await admin.query("CREATE DATABASE monitor_upgrade_test");
  await admin.end();
  const url = env().DATABASE_URL.replace(/\/[^/?]+(\?|$)/, "/monitor_upgrade_test$1");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(first.sql);
  for (const e of seed) {
    await client.query(`INSERT INTO "Event" ${cols} VALUES ($1,'other',$2,$3,$4,$5,$6,$6,'ed25519','generic','{}',$7,$8)`, [
      e.key,
      e.type,
      e.locationId,
      e.eventTimestamp,
      e.eventTimestamp ?? e.receivedAt,
      e.receivedAt,
      Buffer.from(e.body),
      e.body.length,
    ]);
  }
  for (const id of located) await client.query(`INSERT INTO "Location" ("locationId","events","lastEventAt") VALUES ($1, 1, '2026-01-01T00:00:00Z')`, [id]);
  await client.query(
    `CREATE TABLE "_prisma_migrations" ("id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ, "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ, "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`,
  );
  await client.query(`INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) VALUES ('x', $1, now(), $2, 1)`, [
    first.checksum,
    first.name,
  ]);
  await client.end();
  return url;
}

interface LocationBack {
  locationId: string;
  events: number;
  lastEventAt: string;
  lastReceivedAt: string | null;
  installState: string | null;
  installedAt: string | null;
  uninstalledAt: string | null;
  companyId: string | null;
  companyName: string | null;
  appVersion: string | null;
  installAt: string | null;
  installEventId: number | null;
}

async function readLifecycle(
  url: string,
): Promise<{ locations: LocationBack[]; hours: { locationId: string; hour: number; count: number }[]; ids: Record<string, number> }> {
  const q = {
    locations: `SELECT "locationId","events","lastEventAt","lastReceivedAt","installState","installedAt","uninstalledAt","companyId","companyName","appVersion","installAt","installEventId" FROM "Location" ORDER BY 1`,
    hours: `SELECT "locationId","hour","count" FROM "LocationHour" ORDER BY 1, 2`,
    ids: `SELECT "dedupeKey","id" FROM "Event"`,
  };
  const time = (v: unknown) => (v === null ? null : new Date(v instanceof Date ? v : String(v)).toISOString());
  const norm = (rows: Record<string, unknown>[]) =>
    rows.map(
      (r) =>
        ({
          ...r,
          lastEventAt: time(r.lastEventAt),
          lastReceivedAt: time(r.lastReceivedAt),
          installedAt: time(r.installedAt),
          uninstalledAt: time(r.uninstalledAt),
          installAt: time(r.installAt),
        }) as unknown as LocationBack,
    );
  if (url.startsWith("file:")) {
    const { default: Database } = await import("better-sqlite3");
    const db = new Database(url.slice("file:".length));
    const out = {
      locations: norm(db.prepare(q.locations).all() as Record<string, unknown>[]),
      hours: db.prepare(q.hours).all() as { locationId: string; hour: number; count: number }[],
      ids: Object.fromEntries((db.prepare(q.ids).all() as { dedupeKey: string; id: number }[]).map((r) => [r.dedupeKey, r.id])),
    };
    db.close();
    return out;
  }
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const out = {
    locations: norm((await client.query(q.locations)).rows),
    hours: (await client.query(q.hours)).rows,
    ids: Object.fromEntries((await client.query(q.ids)).rows.map((r: { dedupeKey: string; id: number }) => [r.dedupeKey, r.id])),
  };
  await client.end();
  return out;
}

describe("upgrading to the location lifecycle", () => {
  it("backfills last delivery, the last 15 days of hourly counts and install state (single and bulk) from stored events", async () => {
    const seed = lifecycleSeed();
    const url = await withLifecycleEvents(env().databaseKind, seed);
    await applyMigrations(url);
    const { locations, hours, ids } = await readLifecycle(url);
    const received = (key: string) => seed.find((e) => e.key === key)?.receivedAt ?? null;
    const none = {
      installState: null,
      installedAt: null,
      uninstalledAt: null,
      companyId: null,
      companyName: null,
      appVersion: null,
      installAt: null,
      installEventId: null,
    };
    expect(locations).toEqual([
      {
        // lastEventAt moves up to the newest install time, as projecting it would have.
        locationId: "up-1",
        events: 1,
        lastEventAt: "2026-03-02T10:00:00.000Z",
        lastReceivedAt: received("i1"),
        installState: "uninstalled",
        installedAt: "2026-03-01T10:00:00.000Z",
        uninstalledAt: "2026-03-02T10:00:00.000Z",
        companyId: "co-1",
        companyName: "Acme",
        appVersion: "v2",
        installAt: "2026-03-02T10:00:00.000Z",
        installEventId: ids.u1,
      },
      {
        locationId: "up-2",
        events: 1,
        lastEventAt: "2026-03-03T10:00:00.000Z",
        lastReceivedAt: received("c1"),
        installState: "installed",
        installedAt: "2026-03-03T10:00:00.000Z",
        uninstalledAt: null,
        companyId: "co-2",
        companyName: null,
        appVersion: "v3",
        installAt: "2026-03-03T10:00:00.000Z",
        installEventId: ids.b1,
      },
      {
        locationId: "up-3",
        events: 0,
        lastEventAt: "2026-03-03T10:00:00.000Z",
        lastReceivedAt: received("b1"),
        installState: "installed",
        installedAt: "2026-03-03T10:00:00.000Z",
        uninstalledAt: null,
        companyId: "co-2",
        companyName: null,
        appVersion: "v3",
        installAt: "2026-03-03T10:00:00.000Z",
        installEventId: ids.b1,
      },
      { locationId: "up-4", events: 1, lastEventAt: "2026-01-01T00:00:00.000Z", lastReceivedAt: received("c3"), ...none },
      { locationId: "up-5", events: 1, lastEventAt: "2026-01-01T00:00:00.000Z", lastReceivedAt: received("bad"), ...none },
    ]);
    const hourOfKey = (key: string) => hourOfDate(new Date(received(key) ?? 0));
    expect(hours).toEqual(
      [
        { locationId: "up-1", hour: hourOfKey("u1"), count: 1 },
        { locationId: "up-1", hour: hourOfKey("i1"), count: 1 },
        { locationId: "up-2", hour: hourOfKey("b1"), count: 1 },
        { locationId: "up-2", hour: hourOfKey("c1"), count: 2 },
        { locationId: "up-3", hour: hourOfKey("b1"), count: 1 },
        { locationId: "up-5", hour: hourOfKey("bad"), count: 1 },
      ].sort((a, b) => a.locationId.localeCompare(b.locationId) || a.hour - b.hour),
    );
  });
});
