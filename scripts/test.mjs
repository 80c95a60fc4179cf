// npm test: every suite, in order: lint (Biome), typecheck, unit + integration (vitest), then
// browser end-to-end (Playwright). Prints each suite's count and, last and alone on its
// line, the totals: "N passed, N failed". Exits non-zero if anything failed.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { root } from "./lib/root.mjs";

const out = join(root, "test-results");
mkdirSync(out, { recursive: true });
const database = process.env.DATABASE_URL?.startsWith("postgres") ? "postgresql" : "sqlite";

function run(args, env = {}) {
  return spawnSync(process.execPath, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } }).status;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

const suites = [];

// Whole-tree checks count as one test: passed if every command exits 0 (all run, so
// each one's findings are printed).
function checkSuite(name, ...commands) {
  const ok = commands.map((args) => run(args)).every((status) => status === 0);
  suites.push({ name, passed: ok ? 1 : 0, failed: ok ? 0 : 1 });
}

// Lint and format (biome.json), then unused files, exports and dependencies (knip.json);
// tests and scripts included.
checkSuite("lint", [join(root, "node_modules/@biomejs/biome/bin/biome"), "check", "."], [join(root, "node_modules/knip/bin/knip.js"), "--no-progress"]);
// Types, tests included (the app build checks only the app's own files).
checkSuite("typecheck", [join(root, "node_modules/typescript/bin/tsc"), "--noEmit", "-p", "tsconfig.json"]);

// Unit + integration.
const vitestJson = join(out, "vitest.json");
rmSync(vitestJson, { force: true });
const vitestStatus = run([join(root, "node_modules/vitest/vitest.mjs"), "run", "--reporter=default", "--reporter=json", `--outputFile=${vitestJson}`]);
const v = readJson(vitestJson);
suites.push({
  name: "unit+integration",
  passed: v?.numPassedTests ?? 0,
  // A runner that crashed before reporting counts as one failure, never as a pass.
  failed: v ? v.numFailedTests + (vitestStatus !== 0 && v.numFailedTests === 0 ? 1 : 0) : 1,
});

// Browser end-to-end.
const pwJson = join(out, "playwright.json");
rmSync(pwJson, { force: true });
const pwStatus = run([join(root, "node_modules/@playwright/test/cli.js"), "test", "--reporter=list,json"], {
  PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson,
});
const p = readJson(pwJson);
const pwFailed = p ? (p.stats?.unexpected ?? 0) + (p.stats?.flaky ?? 0) : 1;
suites.push({
  name: "e2e",
  passed: p?.stats?.expected ?? 0,
  failed: pwFailed + (pwStatus !== 0 && pwFailed === 0 ? 1 : 0),
});

const passed = suites.reduce((n, s) => n + s.passed, 0);
const failed = suites.reduce((n, s) => n + s.failed, 0);
console.log("");
for (const s of suites) console.log(`${s.name} (${database}): ${s.passed} passed, ${s.failed} failed`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
