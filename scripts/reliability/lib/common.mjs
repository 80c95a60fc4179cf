// Shared plumbing for the "nothing lost" scripts: arguments, the check report that
// ends every script with "N passed, N failed", a seeded PRNG, timing helpers and a
// watchdog that keeps every script bounded in time.
import { cpus, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = join(dirname(fileURLToPath(import.meta.url)), "../../..");

/** `--short`, `--name value` and `--name=value` flags. */
export function parseArgs(argv = process.argv.slice(2)) {
  const flags = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith("--")) throw new Error(`Unexpected argument ${arg}`);
    const eq = arg.indexOf("=");
    if (eq > 0) flags[arg.slice(2, eq)] = arg.slice(eq + 1);
    else if (i + 1 < argv.length && !argv[i + 1].startsWith("--")) flags[arg.slice(2)] = argv[++i];
    else flags[arg.slice(2)] = true;
  }
  return { short: flags.short === true, flags };
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
export const now = () => performance.now();

export function log(...parts) {
  console.log(...parts);
}

/** Sorted copy; percentile by nearest rank. */
export function percentiles(values) {
  const sorted = Float64Array.from(values).sort();
  const at = (p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] : NaN);
  return { count: sorted.length, p50: at(50), p90: at(90), p99: at(99), max: sorted.length ? sorted[sorted.length - 1] : NaN };
}

export const ms = (v) => (Number.isFinite(v) ? `${v.toFixed(v < 10 ? 1 : 0)} ms` : "n/a");

/** Deterministic PRNG (mulberry32), so a failing run can be repeated with its seed. */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
    hex: (n) => Array.from({ length: n }, () => "0123456789abcdef"[Math.floor(next() * 16)]).join(""),
    alnum: (n) =>
      Array.from({ length: n }, () => "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"[Math.floor(next() * 62)]).join(""),
    uuid: () => {
      const h = Array.from({ length: 32 }, () => "0123456789abcdef"[Math.floor(next() * 16)]);
      h[12] = "4";
      h[16] = "89ab"[Math.floor(next() * 4)];
      const s = h.join("");
      return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
    },
  };
}

/**
 * Collects measurements and checks. `finish()` prints the totals line
 * "N passed, N failed" (last, alone on its line) and exits non-zero on any failure.
 */
export class Report {
  constructor(name) {
    this.name = name;
    this.passed = 0;
    this.failed = 0;
    this.failures = [];
    this.startedAt = now();
    console.log(`\n### ${name}`);
  }

  section(title) {
    console.log(`\n-- ${title}`);
  }

  measure(label, value) {
    console.log(`  measure  ${label}: ${value}`);
  }

  check(label, ok, detail = "") {
    if (ok) this.passed++;
    else {
      this.failed++;
      this.failures.push(label);
    }
    console.log(`  ${ok ? "PASS" : "FAIL"}     ${label}${detail ? ` (${detail})` : ""}`);
    return ok;
  }

  /** A check that compares two values and shows both. */
  equal(label, actual, expected) {
    return this.check(label, actual === expected, `got ${actual}, expected ${expected}`);
  }

  finish() {
    console.log(`\n${this.name}: done in ${((now() - this.startedAt) / 1000).toFixed(1)} s`);
    if (this.failures.length) console.log(`failed checks: ${this.failures.join("; ")}`);
    console.log(`${this.passed} passed, ${this.failed} failed`);
    return this.failed > 0 || this.passed === 0 ? 1 : 0;
  }
}

const cleanups = [];
/** Registers a cleanup that runs on exit, on SIGINT/SIGTERM and on the watchdog. */
export function onCleanup(fn) {
  cleanups.push(fn);
}

let cleaning = false;
export async function runCleanups() {
  if (cleaning) return;
  cleaning = true;
  for (const fn of cleanups.reverse()) {
    try {
      await fn();
    } catch (error) {
      console.error(`cleanup failed: ${error?.message ?? error}`);
    }
  }
}

/**
 * Runs a script's main function with a hard time limit; any crash or timeout is one
 * failed check, so a script always ends with its totals line.
 */
export async function runScript(name, limitSeconds, main) {
  const report = new Report(name);
  const load = () => loadavg().map((v) => v.toFixed(1)).join(" ");
  report.measure("machine", `${cpus().length} CPUs, load average ${load()} at start`);
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.on(signal, async () => {
      await runCleanups();
      process.exit(130);
    });
  }
  let timer;
  const watchdog = new Promise((resolve) => {
    timer = setTimeout(() => resolve("timeout"), limitSeconds * 1000);
    timer.unref();
  });
  let code;
  try {
    const outcome = await Promise.race([main(report).then(() => "done"), watchdog]);
    if (outcome === "timeout") report.check(`finished within ${limitSeconds} s`, false, "the watchdog stopped the script");
  } catch (error) {
    report.check("ran to completion", false, error?.stack ?? String(error));
  } finally {
    clearTimeout(timer);
    await runCleanups();
    report.measure("machine", `load average ${load()} at the end (1, 5, 15 min; other work on the machine skews the figures)`);
    code = report.finish();
  }
  // Open keep-alive sockets or timers must not keep a finished script alive.
  process.exit(code);
}
