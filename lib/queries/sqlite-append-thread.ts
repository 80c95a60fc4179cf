// SQLite's append runs on a worker thread with its own connection. better-sqlite3 is
// synchronous: a COMMIT with synchronous=FULL waits for fsync, and on the main thread
// that wait froze every request in flight (about a tenth of the receiver's time in a
// CPU profile at 64 connections, and the source of its latency spikes). On its own
// thread the fsync waits there, and the event loop keeps reading requests, which also
// makes the next group commit larger.
//
// The thread's code is a string evaluated by the Worker (eval: true), so it needs no
// file of its own next to Next's bundled chunks; the driver is loaded by absolute path.
import { createRequire } from "node:module";
import { join } from "node:path";
import { Worker } from "node:worker_threads";

/** One batch for the thread: encoded rows to insert, and repeats to count on stored events. */
export interface SqliteAppendJob {
  rows: unknown[][];
  repeats: { key: string; count: number; seenAt: string }[];
}

export interface SqliteAppendResult {
  /** Per row: the new event id, or null when its key was already stored. */
  inserted: (number | null)[];
  /** Per repeat: the stored event's id (null if it vanished meanwhile). */
  bumped: (number | null)[];
}

const source = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driverPath);
const db = new Database(workerData.file, { timeout: 5000 });
db.pragma("journal_mode = WAL");
db.pragma("synchronous = FULL");
const insert = db.prepare(workerData.insertSql);
const bump = db.prepare(workerData.bumpSql);
const counter = db.prepare(workerData.counterSql);
// Structured clone turns a Buffer into a plain Uint8Array, which the driver does not bind.
const bindable = (v) => (v instanceof Uint8Array && !Buffer.isBuffer(v) ? Buffer.from(v.buffer, v.byteOffset, v.byteLength) : v);
const run = db.transaction((job) => {
  const inserted = job.rows.map((row) => {
    const r = insert.get(...row.map(bindable));
    return r ? Number(r.id) : null;
  });
  // Keys of rows just refused as already stored count as repeats too (the caller adds them).
  const repeats = job.repeats.concat(job.rows.flatMap((row, i) => (inserted[i] === null ? [{ key: row[workerData.keyIndex], count: 1, seenAt: row[workerData.seenIndex] }] : [])));
  const bumped = repeats.map((r) => {
    const b = bump.get(r.count, r.seenAt, r.key);
    return b ? Number(b.id) : null;
  });
  const duplicates = repeats.reduce((n, r) => n + r.count, 0);
  if (duplicates > 0) counter.run(duplicates);
  return { inserted, bumped, repeatKeys: repeats.map((r) => r.key) };
});
parentPort.on("message", ({ id, job }) => {
  try {
    parentPort.postMessage({ id, result: run.immediate(job) });
  } catch (error) {
    parentPort.postMessage({ id, error: { message: String(error && error.message || error), code: error && error.code } });
  }
});
`;

interface Pending {
  resolve: (r: SqliteAppendResult & { repeatKeys: string[] }) => void;
  reject: (e: unknown) => void;
}

export class SqliteAppendThread {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private failed: Error | null = null;

  constructor(file: string, sql: { insertSql: string; bumpSql: string; counterSql: string; keyIndex: number; seenIndex: number }) {
    // Resolved from the app's root, where node_modules is (the driver is not bundled).
    const driverPath = createRequire(join(process.cwd(), "package.json")).resolve("better-sqlite3");
    this.worker = new Worker(source, { eval: true, workerData: { file, driverPath, ...sql } });
    this.worker.unref(); // never what keeps a process alive
    this.worker.on("message", (m: { id: number; result?: SqliteAppendResult & { repeatKeys: string[] }; error?: { message: string; code?: string } }) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.result) p.resolve(m.result);
      else p.reject(Object.assign(new Error(m.error?.message ?? "append failed"), { code: m.error?.code }));
    });
    const fail = (error: Error) => {
      this.failed = error;
      for (const p of this.pending.values()) p.reject(error);
      this.pending.clear();
    };
    // A thread that dies (it could not open the file, or crashed) means the database
    // cannot be reached from here; the next append starts a new thread.
    this.worker.on("error", (error) => fail(Object.assign(new Error(`append thread failed: ${error.message}`), { code: "P1001" })));
    this.worker.on("exit", (code) => fail(Object.assign(new Error(`append thread exited (${code})`), { code: "P1001" })));
  }

  get usable(): boolean {
    return this.failed === null;
  }

  append(job: SqliteAppendJob): Promise<SqliteAppendResult & { repeatKeys: string[] }> {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, job });
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
