// Shared helpers of the benchmark: options, logging, timing, percentiles, clean-ups
// and a keep-alive-free HTTP GET that times the whole answer.
import { request } from "node:http";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = join(dirname(fileURLToPath(import.meta.url)), "../../..");
export const now = () => performance.now();
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const startedAt = now();
export function log(message) {
  const s = ((now() - startedAt) / 1000).toFixed(1).padStart(6);
  console.log(`[${s}s] ${message}`);
}
export const elapsedSeconds = () => (now() - startedAt) / 1000;

export function parseArgs(argv = process.argv.slice(2)) {
  const options = { scale: 1, only: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [name, inline] = arg.split("=", 2);
    const value = () => inline ?? argv[++i];
    if (name === "--scale") options.scale = Number(value());
    else if (name === "--only") options.only = value();
    else throw new Error(`unknown option ${arg} (use --scale <fraction>, --only sqlite|postgresql)`);
  }
  if (!(options.scale > 0 && options.scale <= 1)) throw new Error("--scale must be a fraction in (0, 1]");
  if (options.only && !["sqlite", "postgresql"].includes(options.only)) throw new Error("--only must be sqlite or postgresql");
  return options;
}

/** The q-th quantile (0..1) of numbers, nearest-rank on a sorted copy. */
export function quantile(values, q) {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}
export const round = (n, digits = 1) => (n === null || n === undefined ? null : Number(n.toFixed(digits)));

// Clean-ups run in reverse order at exit or on Ctrl-C, so no server or cluster outlives the run.
const cleanups = [];
export function onCleanup(fn) {
  cleanups.push(fn);
}
export async function runCleanups() {
  while (cleanups.length) {
    try {
      await cleanups.pop()();
    } catch (error) {
      console.error(`clean-up failed: ${error.message}`);
    }
  }
}

/**
 * One GET, timed from the request to the last byte of the answer. A fresh connection
 * per request (agent: false) is what a browser's first request pays; on loopback it
 * costs well under a millisecond, so it does not blur the server's time.
 */
export function timedGet(url, { headers = {}, timeoutMs = 120_000, onData } = {}) {
  return new Promise((resolve) => {
    const started = now();
    const req = request(url, { headers, agent: false }, (res) => {
      let bytes = 0;
      const chunks = [];
      res.on("data", (chunk) => {
        bytes += chunk.length;
        if (onData) onData(chunk);
        else chunks.push(chunk);
      });
      res.on("end", () => resolve({ status: res.statusCode, ms: now() - started, bytes, text: onData ? "" : Buffer.concat(chunks).toString("utf8") }));
      res.on("error", (error) => resolve({ status: 0, ms: now() - started, bytes, error: error.message }));
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)));
    req.on("error", (error) => resolve({ status: 0, ms: now() - started, bytes: 0, error: error.message }));
    req.end();
  });
}
