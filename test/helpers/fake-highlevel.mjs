// A fake of HighLevel's REST API for tests and the browser tests' server
// (scripts/e2e-server.mjs): node:http on 127.0.0.1, a free port. It serves what the
// reconciliation reads (location names, paged associations, a record's relations),
// demands each location's Bearer token and the Version header, and can be told to
// answer the next matching call with anything (a 429 with Retry-After, a 5xx, an
// unexpected shape) or to send rate-limit headers. Plain JavaScript so the .mjs
// e2e server can start it too.
import { createServer } from "node:http";

/**
 * @typedef {Record<string, unknown>} Row
 * @typedef {{ token: string, name?: string, associations?: Row[], relations?: Record<string, Row[]> }} FakeLocation
 * @typedef {{ match: string, status: number, headers?: Record<string, string>, body: string | ((token: string) => string) }} OneShot
 * @typedef {{ method: string, path: string, authorized: boolean, version: string | undefined }} SeenRequest
 * @typedef {"associations" | "data" | "array" | "nested"} ListShape
 * @typedef {{
 *   url: string,
 *   locations: Map<string, FakeLocation>,
 *   requests: SeenRequest[],
 *   once: OneShot[],
 *   shape: { list: ListShape },
 *   rateLimit: { remaining: number, max: number, intervalMs: number } | null,
 *   reset: () => void,
 *   close: () => Promise<void>,
 * }} FakeHighLevel
 */

/**
 * @param {Record<string, FakeLocation>} [locations]
 * @returns {Promise<FakeHighLevel>}
 */
export async function startFakeHighLevel(locations = {}) {
  /** @type {FakeHighLevel} */
  const fake = {
    url: "",
    locations: new Map(Object.entries(locations)),
    requests: [],
    once: [],
    shape: { list: "associations" },
    rateLimit: null,
    reset() {
      fake.locations.clear();
      fake.requests.length = 0;
      fake.once.length = 0;
      fake.shape.list = "associations";
      fake.rateLimit = null;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };

  /** @param {Row[]} rows @param {string} name @param {number} total */
  const listBody = (rows, name, total) => {
    switch (fake.shape.list) {
      case "data":
        return { data: rows, total };
      case "array":
        return rows;
      case "nested":
        return { [name]: { data: rows, total } };
      default:
        return { [name]: rows, total, traceId: "fake-trace" };
    }
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://fake");
    const auth = req.headers.authorization ?? "";
    const token = auth.startsWith("Bearer ") ? auth.slice("Bearer ".length) : "";
    const locationFromPath = url.pathname.match(/^\/locations\/([^/]+)$/)?.[1];
    const locationId = locationFromPath ? decodeURIComponent(locationFromPath) : (url.searchParams.get("locationId") ?? "");
    const location = fake.locations.get(locationId);
    const authorized = location !== undefined && token === location.token;
    const version = typeof req.headers.version === "string" ? req.headers.version : undefined;
    fake.requests.push({ method: req.method ?? "GET", path: `${url.pathname}${url.search}`, authorized, version });

    /** @param {number} status @param {unknown} body @param {Record<string, string>} [headers] */
    const send = (status, body, headers = {}) => {
      const rate = fake.rateLimit
        ? {
            "X-RateLimit-Remaining": String(fake.rateLimit.remaining),
            "X-RateLimit-Max": String(fake.rateLimit.max),
            "X-RateLimit-Interval-Milliseconds": String(fake.rateLimit.intervalMs),
          }
        : {};
      res.writeHead(status, { "Content-Type": "application/json", ...rate, ...headers });
      res.end(typeof body === "string" ? body : JSON.stringify(body));
    };

    const oneShot = fake.once.findIndex((o) => url.pathname.includes(o.match) || `${url.pathname}${url.search}`.includes(o.match));
    if (oneShot >= 0) {
      const [o] = fake.once.splice(oneShot, 1);
      if (o) return send(o.status, typeof o.body === "function" ? o.body(token) : o.body, o.headers);
    }
    if (!authorized || !location) return send(401, { statusCode: 401, message: "Invalid JWT" });
    if (version !== "2021-07-28") return send(400, { statusCode: 400, message: "Version header missing" });

    const skip = Number(url.searchParams.get("skip") ?? 0);
    const limit = Number(url.searchParams.get("limit") ?? 100);
    if (locationFromPath) return send(200, { location: { id: locationId, name: location.name ?? null } });
    if (url.pathname === "/associations/" || url.pathname === "/associations") {
      const rows = location.associations ?? [];
      return send(200, listBody(rows.slice(skip, skip + limit), "associations", rows.length));
    }
    const relationsOf = url.pathname.match(/^\/associations\/relations\/([^/]+)$/)?.[1];
    if (relationsOf) {
      const rows = location.relations?.[decodeURIComponent(relationsOf)] ?? [];
      return send(200, listBody(rows.slice(skip, skip + limit), "relations", rows.length));
    }
    return send(404, { statusCode: 404, message: "Not found" });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(undefined)));
  const address = server.address();
  fake.url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  return fake;
}
