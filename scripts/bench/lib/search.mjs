// Body search reads (GET /api/events?q=…) for `npm run bench`: selective terms taken
// from one stored event halfway through the log (its webhookId occurs once, its
// association id in a handful of events), so the index, not the newest rows, must
// find them. Same < 50 ms p95 target as every API list.
import { authHeader } from "./app.mjs";
import { timedGet } from "./common.mjs";

export async function bodySearchCases(base, data) {
  const headers = { authorization: authHeader };
  const middle = Math.max(1, Math.floor(data.counts.events / 2));
  const res = await timedGet(`${base}/api/events/${middle}`, { headers });
  if (res.status !== 200) return [];
  const body = JSON.parse(JSON.parse(res.text).data.rawBody);
  const location = encodeURIComponent(data.biggestLocation.locationId);
  const q = (text) => encodeURIComponent(text);
  const LIST = "< 50 ms p95";
  return [
    ["body-search-unique", "GET /api/events?q=<a webhookId> (body search, 1 match)", `/api/events?q=${q(body.webhookId)}`, LIST],
    ["body-search-few", "GET /api/events?q=<an association id> (body search, a few matches)", `/api/events?q=${q(body.associationId ?? body.id)}`, LIST],
    ["body-search-path", "GET /api/events?q=webhookId=<a webhookId> (path=value)", `/api/events?q=${q(`webhookId=${body.webhookId}`)}`, LIST],
    ["body-search-location", "GET /api/events?q=<an association id>&locationId (biggest location)", `/api/events?q=${q(body.associationId ?? body.id)}&locationId=${location}`, LIST],
    ["page-events-search", "GET /events?q=<a webhookId> (page, HTML)", `/events?q=${q(body.webhookId)}`, "< 200 ms p95"],
  ];
}
