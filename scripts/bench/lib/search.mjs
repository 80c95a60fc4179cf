// Body search reads (GET /api/events?q=…) for `npm run bench`. Selective terms come
// from a relation event halfway through the log (its webhookId occurs once, its
// relation id in the relation's one to three events), so the index, not the newest
// rows, must find them: the < 50 ms p95 list target. A common term (the id of the
// association with 10,000 events) with the biggest location is reported beside them:
// its cost grows with the term's matches when the other filter excludes them.
import { authHeader } from "./app.mjs";
import { httpGet } from "../../lib/harness/http.mjs";

async function relationEventNear(base, id) {
  const headers = { authorization: authHeader };
  for (let n = id; n < id + 50; n++) {
    const res = await httpGet(`${base}/api/events/${n}`, { headers });
    if (res.status !== 200) continue;
    const event = JSON.parse(res.text).data;
    if (event.kind === "relation") return JSON.parse(event.rawBody);
  }
  return null;
}

export async function bodySearchCases(base, data) {
  const body = await relationEventNear(base, Math.max(1, Math.floor(data.counts.events / 2)));
  if (!body) return [];
  const location = encodeURIComponent(data.biggestLocation.locationId);
  const q = (text) => encodeURIComponent(text);
  const LIST = "< 50 ms p95";
  return [
    ["body-search-unique", "GET /api/events?q=<a webhookId> (body search, 1 match)", `/api/events?q=${q(body.webhookId)}`, LIST],
    ["body-search-few", "GET /api/events?q=<a relation id> (body search, 1-3 matches)", `/api/events?q=${q(body.id)}`, LIST],
    ["body-search-path", "GET /api/events?q=webhookId=<a webhookId> (path=value)", `/api/events?q=${q(`webhookId=${body.webhookId}`)}`, LIST],
    ["body-search-location", "GET /api/events?q=<a relation id>&locationId (biggest location)", `/api/events?q=${q(body.id)}&locationId=${location}`, LIST],
    [
      "body-search-common",
      `GET /api/events?q=<the ${data.detailEvents}-event association's id>&locationId (biggest location; a common term)`,
      `/api/events?q=${q(data.detailId)}&locationId=${location}`,
      "(reported)",
    ],
    ["page-events-search", "GET /events?q=<a webhookId> (page, HTML)", `/events?q=${q(body.webhookId)}`, "< 200 ms p95"],
  ];
}
