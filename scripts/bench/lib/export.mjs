// Export: GET /api/export/events.csv for every event, streamed and counted (bytes,
// rows), with the server's resident memory sampled every 50 ms. Baseline: the same
// rows scanned with the bare driver in this process, in the app's batch size and
// order (keyset on id, newest first), each body parsed for its fields, and encoded
// with csv-stringify using the app's options: the same work minus Prisma and Next.
import { stringify } from "csv-stringify/sync";
import { authHeader, rssKb } from "./app.mjs";
import { now, sleep } from "../../lib/harness/clock.mjs";
import { httpGet } from "../../lib/harness/http.mjs";
import { quantile, round } from "../../lib/harness/stats.mjs";
import { log } from "./common.mjs";

const bodyFields = [
  "id",
  "key",
  "associationType",
  "firstObjectKey",
  "firstObjectLabel",
  "secondObjectKey",
  "secondObjectLabel",
  "firstObjectToSecondObjectCardinality",
  "secondObjectToFirstObjectCardinality",
  "associationId",
  "firstRecordId",
  "secondRecordId",
  "locationId",
];
const csvOptions = { record_delimiter: "windows", quote_record_delimiter: true, escape_formulas: true, cast: { date: (d) => d.toISOString() } };
const BATCH = 1000;

function countRows(chunk, state) {
  for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) state.lines++;
}

export async function measureExport({ server, kind, databaseUrl, smallLocation }) {
  const auth = { authorization: authHeader };
  // Warm: the route's modules loaded and compiled, so the growth below is the export's own.
  await httpGet(`${server.url}/api/export/events.csv?locationId=${encodeURIComponent(smallLocation)}`, { headers: auth, onData: () => {} });
  await sleep(1000);
  const idleSamples = [];
  for (let i = 0; i < 20; i++, await sleep(50)) idleSamples.push(rssKb(server.pid));
  const idleKb = quantile(idleSamples, 0.5);
  let peakKb = idleKb;
  const sampler = setInterval(() => (peakKb = Math.max(peakKb, rssKb(server.pid))), 50);
  const state = { lines: 0 };
  const res = await httpGet(`${server.url}/api/export/events.csv`, { headers: auth, timeoutMs: 600_000, onData: (c) => countRows(c, state) });
  clearInterval(sampler);
  if (res.status !== 200) throw new Error(`export answered ${res.status} ${res.error ?? ""}`);
  const rows = state.lines - 1; // minus the header; bodies hold no line breaks
  const app = {
    rows,
    bytes: res.bytes,
    seconds: round(res.ms / 1000, 2),
    rowsPerSecond: Math.round(rows / (res.ms / 1000)),
    idleRssMb: round(idleKb / 1024),
    peakRssMb: round(peakKb / 1024),
    rssGrowthMb: round((peakKb - idleKb) / 1024),
  };
  log(`export: ${rows} rows in ${app.seconds} s = ${app.rowsPerSecond} rows/s, RSS +${app.rssGrowthMb} MB`);
  const bare = await bareScan(kind, databaseUrl);
  log(`export baseline (bare scan + csv-stringify): ${bare.rows} rows in ${bare.seconds} s = ${bare.rowsPerSecond} rows/s`);
  return { app, bare };
}

function encode(rows) {
  return stringify(
    rows.map((e) => {
      let body = {};
      try {
        body = JSON.parse(Buffer.from(e.rawBody).toString("utf8"));
      } catch {
        // as the app: an unreadable body gives empty cells
      }
      const text = (v) => (v === undefined || v === null ? null : typeof v === "string" ? v : JSON.stringify(v));
      const fields = bodyFields.map((f) => text(body[f]));
      fields[12] ??= e.locationId;
      return [e.id, e.type, new Date(e.receivedAt), e.eventTimestamp && new Date(e.eventTimestamp), e.webhookId, e.verification, e.duplicateCount, ...fields];
    }),
    csvOptions,
  );
}

const columns = `"id", "type", "receivedAt", "eventTimestamp", "webhookId", "verification", "duplicateCount", "locationId", "rawBody"`;

async function bareScan(kind, url) {
  const started = now();
  let rows = 0;
  let bytes = 0;
  if (kind === "sqlite") {
    const { default: Database } = await import("better-sqlite3");
    const db = new Database(url.slice("file:".length), { readonly: true });
    const first = db.prepare(`SELECT ${columns} FROM "Event" ORDER BY "id" DESC LIMIT ${BATCH}`);
    const after = db.prepare(`SELECT ${columns} FROM "Event" WHERE "id" < ? ORDER BY "id" DESC LIMIT ${BATCH}`);
    for (let batch = first.all(); batch.length; batch = batch.length < BATCH ? [] : after.all(batch.at(-1).id)) {
      rows += batch.length;
      bytes += Buffer.byteLength(encode(batch));
    }
    db.close();
  } else {
    const { default: pg } = await import("pg");
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    let last = null;
    for (;;) {
      const { rows: batch } =
        last === null
          ? await client.query(`SELECT ${columns} FROM "Event" ORDER BY "id" DESC LIMIT ${BATCH}`)
          : await client.query(`SELECT ${columns} FROM "Event" WHERE "id" < $1 ORDER BY "id" DESC LIMIT ${BATCH}`, [last]);
      rows += batch.length;
      bytes += Buffer.byteLength(encode(batch));
      if (batch.length < BATCH) break;
      last = batch.at(-1).id;
    }
    await client.end();
  }
  const seconds = (now() - started) / 1000;
  return { rows, bytes, seconds: round(seconds, 2), rowsPerSecond: Math.round(rows / seconds) };
}
