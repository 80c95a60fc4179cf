// npm run prune: deletes events older than RETENTION_DAYS now (or --days N), the
// same pruning the server runs hourly in the background.
import { disconnectDb } from "../lib/db";
import { env } from "../lib/env";
import { pruneEventsBefore, retentionCutoff } from "../lib/queries/retention";

const flag = process.argv.indexOf("--days");
const days = flag >= 0 ? Number(process.argv[flag + 1]) : env().RETENTION_DAYS;
if (!days || !Number.isInteger(days) || days < 1) {
  console.error("Set RETENTION_DAYS (or pass --days N, N ≥ 1): how many days of events to keep.");
  process.exit(2);
}
const cutoff = retentionCutoff(days);
const started = Date.now();
const deleted = await pruneEventsBefore(cutoff);
console.log(
  `Deleted ${deleted} event(s) received before ${cutoff.toISOString()} (${days} days) in ${Date.now() - started} ms. Associations, relations and counts are kept.`,
);
await disconnectDb();
