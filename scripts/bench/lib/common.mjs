// @ts-check
// The benchmark's options and its log, each line stamped with the seconds since the
// run began. Servers, clean-ups, timing and statistics: scripts/lib/harness/.
import { parseFlags } from "../../lib/harness/args.mjs";
import { now } from "../../lib/harness/clock.mjs";

const startedAt = now();
/** @param {string} message */
export function log(message) {
  const s = ((now() - startedAt) / 1000).toFixed(1).padStart(6);
  console.log(`[${s}s] ${message}`);
}
export const elapsedSeconds = () => (now() - startedAt) / 1000;

/** @param {string[]} [argv] */
export function parseArgs(argv = process.argv.slice(2)) {
  const flags = parseFlags(argv, { known: ["scale", "only"], usage: "use --scale <fraction>, --only sqlite|postgresql" });
  const options = { scale: flags.scale === undefined ? 1 : Number(flags.scale), only: flags.only ?? null };
  if (!(options.scale > 0 && options.scale <= 1)) throw new Error("--scale must be a fraction in (0, 1]");
  if (options.only && !["sqlite", "postgresql"].includes(String(options.only))) throw new Error("--only must be sqlite or postgresql");
  return options;
}
