// Files at rest: the SQLite database (and its -wal/-shm), the generated password and
// the session secret are readable by this user only, and so is the folder holding
// them; npm start tightens an older install. The generated password is printed once.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { applyMigrations } from "../lib/migrate/apply-migrations.mjs";
import { ensureDashboardPassword } from "../scripts/lib/dashboard-password.mjs";
import { secureDataDir } from "../lib/private-files.mjs";

const mode = (path: string) => statSync(path).mode & 0o777;
const fresh = () => mkdtempSync(join(tmpdir(), "am-files-"));

describe("files at rest", () => {
  it("a new SQLite database is created 0600 in a new 0700 folder, whatever the umask", async () => {
    const dir = join(fresh(), "data");
    const file = join(dir, "monitor.db");
    const previous = process.umask(0o022);
    try {
      await applyMigrations(`file:${file}`);
    } finally {
      process.umask(previous);
    }
    expect(mode(dir)).toBe(0o700);
    expect(mode(file)).toBe(0o600);
  });

  it("an existing database and its -wal and -shm are tightened to 0600 on start", async () => {
    const file = join(fresh(), "monitor.db");
    const open = new Database(file); // kept open: its -wal and -shm stay on disk
    try {
      open.pragma("journal_mode = WAL");
      open.exec("CREATE TABLE t (x)");
      for (const suffix of ["", "-wal", "-shm"]) chmodSync(file + suffix, 0o644);
      await applyMigrations(`file:${file}`);
      for (const suffix of ["", "-wal", "-shm"]) expect(mode(file + suffix), suffix || "db").toBe(0o600);
    } finally {
      open.close();
    }
  });

  it("data/ is tightened to 0700 and the password and session secret to 0600", () => {
    const dir = join(fresh(), "data");
    mkdirSync(dir, { mode: 0o755 });
    chmodSync(dir, 0o755);
    for (const name of [".dashboard-password", ".session-secret"]) writeFileSync(join(dir, name), "x\n", { mode: 0o644 });
    const changed = secureDataDir(dir);
    expect(changed).toHaveLength(3);
    expect(mode(dir)).toBe(0o700);
    expect(mode(join(dir, ".dashboard-password"))).toBe(0o600);
    expect(mode(join(dir, ".session-secret"))).toBe(0o600);
    expect(secureDataDir(dir)).toEqual([]); // nothing left to do
  });

  it("the generated password is printed on the start that creates it, and never again", () => {
    const dir = join(fresh(), "data");
    const lines: string[] = [];
    const first = ensureDashboardPassword({}, (l: string) => lines.push(l), dir);
    const password = first.DASHBOARD_PASSWORD ?? "";
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(password);
    expect(mode(dir)).toBe(0o700);
    expect(mode(join(dir, ".dashboard-password"))).toBe(0o600);
    expect(readFileSync(join(dir, ".dashboard-password"), "utf8").trim()).toBe(password);

    const again = ensureDashboardPassword({}, (l: string) => lines.push(l), dir);
    expect(again.DASHBOARD_PASSWORD).toBe(password);
    expect(lines).toHaveLength(2);
    expect(lines[1]).not.toContain(password);
    expect(lines[1]).toMatch(/kept in .*\.dashboard-password/);
    expect(ensureDashboardPassword({ DASHBOARD_PASSWORD: "set by the operator" }, (l: string) => lines.push(l), dir)).toEqual({});
  });
});
