// The results as one Markdown table per database (printed, and pasted into the
// README as is): each figure beside its baseline from the same run, the ratio, the
// target and whether it is met.
const n = (v) => (v === null || v === undefined ? "–" : Number(v).toLocaleString("en-US"));
const x = (a, b) => (a && b ? `${(a / b).toFixed(2)}×` : "–");
const yes = (ok) => (ok === null ? "–" : ok ? "yes" : "**no**");

function ingestRows(ingest) {
  return Object.entries(ingest).map(([connections, { app, noop, bare }]) => {
    const atTarget = connections === "64";
    const met = atTarget ? app.rps / noop.rps >= 0.8 && app.p99 < 100 : null;
    return [
      `Ingest, ${connections} connections (POST /api/webhooks/highlevel)`,
      `${n(app.rps)} req/s · p50 ${n(app.p50)} ms · p99 ${n(app.p99)} ms${app.non200 ? ` · ${n(app.non200)} not 200` : ""} (first burst: max ${n(app.warmupMaxMs)} ms)`,
      `empty route ${n(noop.rps)} req/s (p99 ${n(noop.p99)} ms) · bare server ${n(bare.rps)} req/s (p99 ${n(bare.p99)} ms)`,
      `${x(app.rps, noop.rps)} empty · ${x(app.rps, bare.rps)} bare`,
      atTarget ? "≥ 0.80× empty route, p99 < 100 ms" : "(reported; target at 64)",
      yes(met),
    ];
  });
}

function readRows(reads) {
  return reads.results.map((r) => {
    const limit = /< (\d+) ms/.exec(r.target)?.[1];
    const met = r.error ? false : limit ? r.p95 < Number(limit) : null;
    if (r.error) return [r.name, r.error, "–", "–", r.target, yes(met)];
    return [
      r.name,
      `p50 ${n(r.p50)} ms · p95 ${n(r.p95)} ms`,
      `/api/health p50 ${n(r.baselineP50)} ms · p95 ${n(r.baselineP95)} ms`,
      x(r.p50, r.baselineP50),
      r.target,
      yes(met),
    ];
  });
}

function exportRow(e) {
  if (!e) return [];
  const ratio = e.app.rowsPerSecond / e.bare.rowsPerSecond;
  return [
    [
      "Export GET /api/export/events.csv (all events)",
      `${n(e.app.rowsPerSecond)} rows/s (${n(e.app.rows)} rows, ${n(Math.round(e.app.bytes / 1e6))} MB in ${e.app.seconds} s) · RSS +${n(e.app.rssGrowthMb)} MB (idle ${n(e.app.idleRssMb)}, peak ${n(e.app.peakRssMb)} MB)`,
      `bare driver scan + csv-stringify ${n(e.bare.rowsPerSecond)} rows/s`,
      x(e.app.rowsPerSecond, e.bare.rowsPerSecond),
      "≥ 0.50× bare, RSS growth < 100 MB",
      yes(ratio >= 0.5 && e.app.rssGrowthMb < 100),
    ],
  ];
}

function burstRows(b, ingest) {
  if (!b) return [];
  const { live, paused } = b;
  const steady = ingest?.["64"]?.app?.rps;
  const ingestRate = Math.max(steady ?? 0, live.rps);
  return [
    [
      `Burst: ${n(b.count)} RelationCreate under one association, ${b.connections} connections`,
      `${n(live.acked)}/${n(live.requests)} acked · ${n(live.rps)} req/s · p99 ${n(live.p99)} ms · max ${n(live.max)} ms · all projected ${n(live.visibleMs)} ms after the last ack`,
      "–",
      "–",
      "every one 2xx, none > 1 s, projected within 10 s of the last ack",
      yes(live.acked === live.requests && live.max < 1000 && live.visibleMs !== null && live.visibleMs < 10_000),
    ],
    [
      "Projector throughput (same burst with the projector paused, then drained)",
      `${n(paused.projectorRate)} events/s (${n(paused.acked)} in ${n(paused.drainMs)} ms)`,
      `ingest ${n(ingestRate)} req/s (best of steady 64-connection and burst)`,
      x(paused.projectorRate, ingestRate),
      "≥ 2× ingest",
      yes(paused.projectorRate !== null && paused.projectorRate >= 2 * ingestRate),
    ],
  ];
}

function startupRow(s, nextStartMs) {
  if (!s) return [];
  if (s.skipped) return [["npm start ready (already built)", `skipped: ${s.skipped}`, "–", "–", "< 5 s", "–"]];
  return [
    [
      "npm start ready (already built; until /api/health is 200)",
      `${s.medianSeconds} s (median of ${s.runs}: ${s.seconds.join(", ")} s)`,
      `server alone ${(nextStartMs / 1000).toFixed(2)} s`,
      x(s.medianSeconds * 1000, nextStartMs),
      "< 5 s",
      yes(s.medianSeconds < 5),
    ],
  ];
}

export function markdownTables(results) {
  const out = [];
  for (const [db, r] of Object.entries(results)) {
    out.push(`### ${db === "sqlite" ? "SQLite" : "PostgreSQL"}`, "");
    if (r.skipped) {
      out.push(`Skipped: ${r.skipped}`, "");
      continue;
    }
    if (r.error) out.push(`Stopped early: ${r.error}`, "");
    const c = r.dataset;
    if (c)
      out.push(
        `Data: ${n(c.events)} events, ${n(c.associations)} associations (${n(c.deletedAssociations)} deleted), ${n(c.relations)} relations (${n(c.deletedRelations)} deleted), ${n(c.locations)} locations; seeded in ${r.seedSeconds} s.`,
        "",
      );
    const rows = [
      ...(r.ingest ? ingestRows(r.ingest) : []),
      ...burstRows(r.burst, r.ingest),
      ...(r.reads ? readRows(r.reads) : []),
      ...exportRow(r.export),
      ...startupRow(r.startup, r.nextStartMs),
    ];
    out.push("| Measurement | Figure | Baseline (same run) | Ratio | Target | Met |", "|---|---|---|---|---|---|");
    for (const row of rows) out.push(`| ${row.map((cell) => String(cell).replace(/\|/g, "\\|")).join(" | ")} |`);
    out.push("");
  }
  return out.join("\n");
}
