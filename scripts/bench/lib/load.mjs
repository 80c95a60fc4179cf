// A small closed-loop load generator: `connections` keep-alive connections, each
// sending the next signed delivery as soon as the previous answer is complete.
// Written here rather than taking autocannon as a dependency: every request needs
// its own body and signature (unique webhookIds, or the receiver only counts
// duplicates), and 60 lines of node:http give exact per-request latencies with
// nothing new to install.
import { Agent, request } from "node:http";
import { now, sleep } from "../../lib/harness/clock.mjs";
import { quantile, round } from "../../lib/harness/stats.mjs";

export function post(agent, url, delivery) {
  return new Promise((resolve) => {
    const req = request(url, {
      method: "POST",
      agent,
      headers: { "content-type": "application/json", "content-length": delivery.bytes.length, "x-ghl-signature": delivery.signature },
    });
    req.on("response", (res) => {
      res.resume(); // read the answer to its end: the request is done only then
      res.on("end", () => resolve(res.statusCode));
      res.on("error", () => resolve(0));
    });
    req.setTimeout(30_000, () => req.destroy(new Error("timeout")));
    req.on("error", () => resolve(0));
    req.end(delivery.bytes);
  });
}

/**
 * Runs the load for warmupMs + durationMs. req/s: the requests that end within the
 * window (after the warm-up) over its length. Latencies: the requests that start
 * within it (slow ones still count when they end after it). `warmupMaxMs` is the
 * slowest request that started in the warm-up: the first burst of new connections.
 * `trace`, an array, receives [end ms into the window, latency ms, status] per request.
 */
export async function runLoad({ url, connections, warmupMs, durationMs, source, trace }) {
  const agent = new Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
  const t0 = now();
  const windowStart = t0 + warmupMs;
  const windowEnd = windowStart + durationMs;
  const latencies = [];
  const statuses = {};
  let completed = 0;
  let warmupMaxMs = 0;
  const worker = async () => {
    while (now() < windowEnd) {
      const started = now();
      const status = await post(agent, url, source.next());
      const ended = now();
      if (ended >= windowStart && ended <= windowEnd) completed++;
      if (started < windowStart) warmupMaxMs = Math.max(warmupMaxMs, ended - started);
      else {
        latencies.push(ended - started);
        statuses[status] = (statuses[status] ?? 0) + 1;
      }
      trace?.push([Math.round(ended - windowStart), Math.round(ended - started), status]);
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  agent.destroy();
  await sleep(200); // let the server see the connections close before the next run
  const ok = statuses[200] ?? 0;
  return {
    connections,
    seconds: durationMs / 1000,
    requests: latencies.length,
    rps: round(completed / (durationMs / 1000), 0),
    p50: round(quantile(latencies, 0.5), 1),
    p99: round(quantile(latencies, 0.99), 1),
    max: round(Math.max(0, ...latencies), 1),
    warmupMaxMs: round(warmupMaxMs, 0),
    non200: latencies.length - ok,
    statuses,
  };
}
