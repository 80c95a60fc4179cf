// Shared plumbing for the "nothing lost" scripts: arguments, the check report that
// ends every script with "N passed, N failed", and a watchdog that keeps every script
// bounded in time. Servers, clean-ups, timing, statistics: scripts/lib/harness/.
import { cpus, loadavg } from "node:os";
import { parseFlags } from "../../lib/harness/args.mjs";
import { cleanUpOnSignals, runCleanups } from "../../lib/harness/cleanup.mjs";
import { now } from "../../lib/harness/clock.mjs";

/** `--short`, `--name value` and `--name=value` flags. */
export function parseArgs(argv = process.argv.slice(2)) {
  const flags = parseFlags(argv);
  return { short: flags.short === true, flags };
}

export const ms = (v) => (Number.isFinite(v) ? `${v.toFixed(v < 10 ? 1 : 0)} ms` : "n/a");

/**
 * Collects measurements and checks. `finish()` prints the totals line
 * "N passed, N failed" (last, alone on its line) and exits non-zero on any failure.
 */
class Report {
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

/**
 * Runs a script's main function with a hard time limit; any crash or timeout is one
 * failed check, so a script always ends with its totals line.
 */
export async function runScript(name, limitSeconds, main) {
  const report = new Report(name);
  const load = () =>
    loadavg()
      .map((v) => v.toFixed(1))
      .join(" ");
  report.measure("machine", `${cpus().length} CPUs, load average ${load()} at start`);
  cleanUpOnSignals();
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
