// npm run reproject: rebuilds associations, relations, location counters and the
// per-day chart from the stored events (the log is the source of truth), e.g. after
// a projection fix. Safe beside a running server: it takes the projector's lease
// for the rebuild and gives it back; the server resumes projecting after it.
// Events deleted by retention are gone from the log, so their counts are too.
import { Presets, SingleBar } from "cli-progress";
import { disconnectDb } from "../lib/db";
import { rebuildFromLog } from "../lib/projector/rebuild";

const started = Date.now();
// A bar on a terminal; a plain line every 5 s in CI logs and pipes.
const bar = new SingleBar(
  { format: "{bar} {percentage}% | {value}/{total} events | {rate} events/s | ETA {eta_formatted}", noTTYOutput: true, notTTYSchedule: 5_000 },
  Presets.shades_classic,
);
let exitCode = 0;
try {
  let begun = false;
  const result = await rebuildFromLog(({ total, done }) => {
    if (!begun) {
      console.log(`Rebuilding the derived tables from ${total} stored event(s)…`);
      bar.start(total, 0, { rate: 0 });
      begun = true;
    }
    if (done > bar.getTotal()) bar.setTotal(done);
    bar.update(done, { rate: Math.round(done / Math.max((Date.now() - started) / 1000, 0.001)) });
  });
  bar.stop();
  console.log(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${result.done} event(s) projected again.`);
} catch (error) {
  bar.stop();
  console.error(`reproject failed: ${error instanceof Error ? error.message : String(error)}`);
  console.error("The derived tables may be partly rebuilt; run npm run reproject again.");
  exitCode = 1;
} finally {
  await disconnectDb();
}
process.exit(exitCode);
