// Sends signed deliveries like HighLevel does: POST of the exact bytes with
// X-GHL-Signature, several senders at once, and (where a script asks for it)
// retries of connection failures and 429s with exponential backoff and jitter.
// Every attempt is recorded: status, answer, latency, error, start and end times.
import { Agent, request } from "node:http";
import { now, sleep } from "../../lib/harness/clock.mjs";

const connectionCodes = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "TIMEOUT", "EHOSTUNREACH", "ECONNABORTED", "UND_ERR_SOCKET"]);

// Idle keep-alive sockets are dropped after 4 s, before the server's 5 s
// keepAliveTimeout closes them under a request (the usual keep-alive race).
function makeAgent(concurrency) {
  return new Agent({ keepAlive: true, maxSockets: concurrency, maxFreeSockets: concurrency, timeout: 4000 });
}

/**
 * One POST of a delivery; never throws. As Node's documentation advises for
 * keep-alive clients, a request that failed on a reused socket before any answer
 * (the server had just closed that idle connection) is sent once more on a new
 * connection; `keepAliveRetry` says so. Any other failure is returned as it is.
 */
export async function post(baseUrl, delivery, options = {}) {
  const first = await postOnce(baseUrl, delivery, options);
  if (!(first.status === 0 && first.reusedSocket && (first.error === "ECONNRESET" || first.error === "EPIPE"))) return first;
  const second = await postOnce(baseUrl, delivery, { ...options, agent: false });
  return { ...second, startedAt: first.startedAt, ms: second.endedAt - first.startedAt, keepAliveRetry: first.error };
}

function postOnce(baseUrl, delivery, { agent, timeoutMs = 30_000 } = {}) {
  return new Promise((resolve) => {
    const startedAt = now();
    let req;
    let answered = false;
    const done = (result) => resolve({ ...result, reusedSocket: Boolean(req?.reusedSocket) && !answered, startedAt, endedAt: now(), ms: now() - startedAt });
    req = request(
      `${baseUrl}${delivery.path}`,
      {
        method: "POST",
        agent,
        headers: {
          "content-type": "application/json",
          "content-length": delivery.bytes.length,
          "x-ghl-signature": delivery.signature,
          "user-agent": "association-monitor-reliability/1 (HighLevel-like test sender)",
        },
      },
      (res) => {
        answered = true;
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let body = null;
          try {
            body = JSON.parse(text);
          } catch {
            body = { unparsable: text.slice(0, 200) };
          }
          done({ status: res.statusCode, body, retryAfter: res.headers["retry-after"] ?? null });
        });
        res.on("error", (error) => done({ status: 0, error: error.code ?? error.message }));
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error("timeout"), { code: "TIMEOUT" })));
    req.on("error", (error) => done({ status: 0, error: error.code ?? error.message }));
    req.end(delivery.bytes);
  });
}

export function isConnectionError(attempt) {
  return attempt.status === 0 && (connectionCodes.has(attempt.error) || /socket hang up|ECONN|timeout/i.test(attempt.error ?? ""));
}

/**
 * Runs `order` (delivery indexes; repeats are re-sends) through `concurrency`
 * senders. Each send goes to every target at once (two-instance test) or to one;
 * `targets` may be a function returning the current list (read at each send), so a
 * script can stop sending to a server it killed.
 * Options:
 * - retry(attempt, n): true to retry this failed attempt (n = attempts so far)
 * - pace: sends per second overall (omit for as fast as possible)
 * - shouldStop(): stop taking new sends
 * Returns { attempts, sends } where sends[i] = { idx, target, attempts: [...] }.
 */
export async function runSenders({
  deliveries,
  order,
  targets,
  concurrency,
  retry = () => false,
  pace,
  backoff = { baseMs: 100, capMs: 2000 },
  timeoutMs,
  inFlight = new Set(),
  onAttempt = () => {},
}) {
  const targetsNow = () => (typeof targets === "function" ? targets() : targets);
  const agent = makeAgent(concurrency * Math.max(1, targetsNow().length));
  const attempts = [];
  const sends = [];
  let next = 0;
  let nextSlot = now();
  const startedAt = now();

  async function sendTo(idx, target, sendNo) {
    const record = { idx, target, sendNo, attempts: [] };
    for (let n = 1; ; n++) {
      const marker = { idx, target, startedAt: now() };
      inFlight.add(marker);
      const attempt = await post(target(), deliveries[idx], { agent, timeoutMs });
      inFlight.delete(marker);
      attempt.idx = idx;
      attempt.sendNo = sendNo;
      attempt.n = n;
      attempt.port = target.port;
      attempts.push(attempt);
      record.attempts.push(attempt);
      onAttempt(attempt);
      if (attempt.status >= 200 && attempt.status < 300) break;
      if (!retry(attempt, n)) break;
      const delay = Math.min(backoff.capMs, backoff.baseMs * 2 ** (n - 1));
      await sleep(delay / 2 + Math.random() * (delay / 2));
    }
    return record;
  }

  async function worker() {
    while (next < order.length) {
      const sendNo = next++;
      if (pace) {
        const slot = Math.max(now(), nextSlot);
        nextSlot = slot + 1000 / pace;
        const wait = slot - now();
        if (wait > 0) await sleep(wait);
      }
      const idx = order[sendNo];
      const records = await Promise.all(targetsNow().map((t) => sendTo(idx, t, sendNo)));
      sends[sendNo] = records;
    }
  }

  await Promise.all(Array.from({ length: concurrency }, worker));
  agent.destroy();
  return { attempts, sends, seconds: (now() - startedAt) / 1000 };
}

/** A target is a function returning the base URL (it can change when a server restarts). */
export function target(url, port) {
  const fn = () => (typeof url === "function" ? url() : url);
  fn.port = port;
  return fn;
}
