// Reads at scale: each API list/detail and dashboard page timed on loopback against
// the running built app, warm (a few discarded requests first), one request at a time.
// Baseline: GET /api/health on the same server (routing + a `SELECT 1`), one request
// of it right before each sample.
import { authHeader } from "./app.mjs";
import { httpGet } from "../../lib/harness/http.mjs";
import { quantile, round } from "../../lib/harness/stats.mjs";
import { log } from "./common.mjs";
import { associationList } from "./list-spec.mjs";
import { bodySearchCases } from "./search.mjs";

const SAMPLES = 25;
const WARMUP = 3;

/**
 * Times `url` SAMPLES times after WARMUP discarded requests. With `baselineUrl`, each
 * sample is paired with one baseline request right before it, so both see the same
 * machine (other work on a shared machine moves both alike).
 */
async function sample(url, baselineUrl) {
  const headers = { authorization: authHeader };
  const times = [];
  const base = [];
  let last;
  for (let i = 0; i < WARMUP + SAMPLES; i++) {
    const b = baselineUrl ? await httpGet(baselineUrl, { headers }) : null;
    last = await httpGet(url, { headers });
    if (last.status !== 200) return { error: `answered ${last.status} ${last.error ?? last.text.slice(0, 200)}` };
    if (i < WARMUP) continue;
    times.push(last.ms);
    if (b) base.push(b.ms);
  }
  return {
    p50: round(quantile(times, 0.5)),
    p95: round(quantile(times, 0.95)),
    min: round(Math.min(...times)),
    max: round(Math.max(...times)),
    samples: SAMPLES,
    bytes: last.bytes,
    ...(baselineUrl ? { baselineP50: round(quantile(base, 0.5)), baselineP95: round(quantile(base, 0.95)) } : {}),
  };
}

/** Follows nextCursor from the first page; returns the URL of page `n`. */
async function deepPageUrl(base, n) {
  let url = `${base}/api/associations?limit=50`;
  for (let page = 1; page < n; page++) {
    const res = await httpGet(url, { headers: { authorization: authHeader } });
    const cursor = res.status === 200 ? JSON.parse(res.text).nextCursor : null;
    if (!cursor) return null;
    url = `${base}/api/associations?limit=50&cursor=${encodeURIComponent(cursor)}`;
  }
  return url;
}

export async function measureReads({ server, data }) {
  const base = server.url;
  const location = encodeURIComponent(data.biggestLocation.locationId);
  const LIST = "< 50 ms p95";
  const PAGE = "< 200 ms p95";
  const newest = await httpGet(`${base}/api/events?limit=1`, { headers: { authorization: authHeader } });
  const newestEventId = newest.status === 200 ? JSON.parse(newest.text).data?.[0]?.id : undefined;
  // Page 50 at full scale; the last full page of a smaller data set.
  const deepPage = Math.min(50, Math.floor(data.counts.associations / 50));
  const cases = [
    ["list", "GET /api/associations (no filter)", "/api/associations", LIST],
    [
      "location",
      `GET /api/associations?locationId (biggest location, ${data.biggestLocation.associations} associations)`,
      `/api/associations?locationId=${location}`,
      LIST,
    ],
    ["search", "GET /api/associations?locationId&q=buyer", `/api/associations?locationId=${location}&q=buyer`, LIST],
    ...Object.keys((await associationList()).sortKeys).map((key) => [
      `sort:${key}`,
      `GET /api/associations?sort=${key}`,
      `/api/associations?sort=${key}`,
      LIST,
    ]),
    ["deep", `GET /api/associations page ${deepPage} (limit=50, by nextCursor)`, null, LIST],
    ["detail", `GET /api/associations/{id} (${data.detailEvents} events)`, `/api/associations/${data.detailId}`, LIST],
    ["locations", "GET /api/locations", "/api/locations", LIST],
    // Every dashboard page, server-rendered HTML: < 200 ms p95 at this scale.
    ["overview", "GET / (overview page, HTML)", "/", PAGE],
    ["page", "GET /associations (page, HTML)", "/associations", PAGE],
    ["page-location", "GET /associations?locationId (page, HTML)", `/associations?locationId=${location}`, PAGE],
    ["page-detail", `GET /associations/{id} (page, HTML, ${data.detailEvents} events)`, `/associations/${data.detailId}`, PAGE],
    ["page-events", "GET /events (page, HTML)", "/events", PAGE],
    ["page-events-location", "GET /events?locationId (page, HTML)", `/events?locationId=${location}`, PAGE],
    ["page-event", "GET /events/{id} (page, HTML)", `/events/${newestEventId}`, PAGE],
    ["page-locations", "GET /locations (page, HTML)", "/locations", PAGE],
    ["page-rejected", "GET /rejected (page, HTML)", "/rejected", PAGE],
    ...(await bodySearchCases(base, data)),
  ];
  const health = `${base}/api/health`;
  await sample(health); // warm the baseline route itself
  const results = [];
  for (const [id, name, path, target] of cases) {
    let url = path && `${base}${path}`;
    if (!path) url = await deepPageUrl(base, deepPage);
    const r = url ? await sample(url, health) : { error: `fewer than ${deepPage} pages` };
    results.push({ id, name, path: url?.slice(base.length) ?? null, target, ...r });
    log(`  ${name}: ${r.error ?? `p50 ${r.p50} ms, p95 ${r.p95} ms (baseline p50 ${r.baselineP50} ms)`}`);
  }
  return { results, locationId: data.biggestLocation.locationId, detailId: data.detailId };
}
