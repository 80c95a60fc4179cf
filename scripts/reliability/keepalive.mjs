#!/usr/bin/env node
// Keep-alive: an oversized or aborted request must not cost the next delivery on
// the same connection. HighLevel counts a reset connection as a lost delivery, and a
// keep-alive client sends its next delivery on the socket it just used. Through one
// `http.Agent({ keepAlive: true, maxSockets: 1 })` (every request on one socket
// while the server keeps it open):
//   (a) a 2.5 MB chunked body (over the 1 MiB WEBHOOK_MAX_BODY_BYTES) → 413, answered
//       before any error, then a normal signed delivery on the same agent → 200 with
//       no ECONNRESET (not even one resent on a new connection);
//   (b) the same with a declared Content-Length over the limit;
//   each both written as fast as possible and paced (the answer then comes mid-body);
//   (c) a request that declares a length, writes half of it and destroys its
//       socket: the server logs "request aborted by the client …", counts it in
//       /api/health receiver.abortedRequests, and still answers the next delivery.
//
//   node scripts/reliability/keepalive.mjs [--short] [--database-url URL] [--port 3406]
// SQLite (a fresh temp file) unless --database-url is given.
import { readFileSync } from "node:fs";
import { Agent, request } from "node:http";
import { join } from "node:path";
import { now, sleep } from "../lib/harness/clock.mjs";
import { getJson, startServer, setUpRun } from "./lib/app.mjs";
import { ms, parseArgs, runScript } from "./lib/common.mjs";
import { post } from "./lib/sender.mjs";
import { makeWorkload } from "./lib/workload.mjs";

const { flags } = parseArgs();
const port = Number(flags.port ?? 3406);
const bigBytes = Math.round(2.5 * 1024 * 1024);
const limitBytes = 1024 * 1024; // the default WEBHOOK_MAX_BODY_BYTES
const paceMs = Number(flags["pace-ms"] ?? 5); // 64 KiB per 5 ms
const abortedLine = "request aborted by the client before its body was complete";

/**
 * One POST whose body is written in 64 KiB chunks (honouring backpressure), so the
 * server can answer before the body is complete. `declaredLength` sets
 * Content-Length (otherwise chunked); `destroyAfter` destroys the socket after that
 * many bytes. Never throws; says whether an error came before or after the answer.
 */
function streamPost(url, { agent, totalBytes, declaredLength, destroyAfter, paceMs = 0, timeoutMs = 30_000 }) {
  return new Promise((resolve) => {
    const startedAt = now();
    const result = { status: 0, headers: null, text: "", error: null, errorAfterAnswer: null, bytesWritten: 0, bytesAtAnswer: null, reusedSocket: false };
    let answered = false;
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      result.ms = now() - startedAt;
      resolve(result);
    };
    // A signature header (any value: the size is refused before verification), or the
    // body would be refused as unsigned after 64 KiB instead of for its size.
    const headers = {
      "content-type": "application/json",
      "x-ghl-signature": "c2lnbmVkIGJ5IHRoZSB0ZXN0",
      "user-agent": "association-monitor-reliability/1 (keep-alive check)",
    };
    if (declaredLength !== undefined) headers["content-length"] = String(declaredLength);
    const req = request(url, { method: "POST", agent, headers }, (res) => {
      answered = true;
      result.status = res.statusCode;
      result.headers = res.headers;
      result.bytesAtAnswer = result.bytesWritten;
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => {
        result.text = Buffer.concat(chunks).toString("utf8");
        // Give a write error that races the answer a moment to show up.
        setTimeout(finish, 200);
      });
      res.on("error", (error) => {
        result.errorAfterAnswer ??= error.code ?? error.message;
        finish();
      });
    });
    req.on("socket", () => (result.reusedSocket = req.reusedSocket));
    req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error("timeout"), { code: "TIMEOUT" })));
    req.on("error", (error) => {
      const code = error.code ?? error.message;
      if (answered) result.errorAfterAnswer ??= code;
      else result.error ??= code;
      if (!answered || destroyAfter !== undefined) finish();
    });
    const chunk = Buffer.alloc(64 * 1024, 0x20); // spaces: the prefix is valid JSON whitespace
    // The body is written beside the answer's handlers, which record how the request ends.
    void (async () => {
      while (result.bytesWritten < totalBytes && !req.destroyed) {
        if (destroyAfter !== undefined && result.bytesWritten >= destroyAfter) {
          // Let the bytes reach the server first, then cut the connection.
          await sleep(300);
          req.destroy(Object.assign(new Error("destroyed by the test"), { code: "DESTROYED_BY_TEST" }));
          await sleep(100);
          finish();
          return;
        }
        let n = Math.min(chunk.length, totalBytes - result.bytesWritten);
        if (destroyAfter !== undefined) n = Math.min(n, destroyAfter - result.bytesWritten);
        const ok = req.write(chunk.subarray(0, n));
        result.bytesWritten += n;
        if (!ok) {
          await new Promise((r) => {
            const done = () => {
              req.off("drain", done);
              req.off("close", done);
              r();
            };
            req.on("drain", done);
            req.on("close", done);
          });
        }
        if (paceMs) await sleep(paceMs);
      }
      if (!req.destroyed) req.end();
    })();
  });
}

function describe(r) {
  return (
    `${r.status || "no answer"}${r.error ? ` error ${r.error}` : ""}${r.errorAfterAnswer ? ` (then ${r.errorAfterAnswer})` : ""}; ` +
    `Connection: ${r.headers?.connection ?? "-"}; ${r.bytesWritten} bytes written${r.bytesAtAnswer !== null ? `, ${r.bytesAtAnswer} when the answer came` : ""}; ${ms(r.ms)}`
  );
}

async function health(server) {
  return getJson(`${server.url}/api/health`);
}

await runScript("keep-alive (oversized and aborted bodies)", 120, async (report) => {
  const { appDir, work, databaseUrl } = await setUpRun(report, "keepalive", flags);
  const logFile = join(work, "server.log");
  // LOG_LEVEL info: the aborted-body line is an info line.
  const server = await startServer({ appDir, port, databaseUrl, logFile, extraEnv: { LOG_LEVEL: "info" } });
  report.measure("server", `pid ${server.pid} on port ${port}`);
  const { deliveries } = makeWorkload({ sends: 20, seed: 6, resendShare: 0, otherShare: 0 });
  let nextDelivery = 0;
  const webhookUrl = `${server.url}/api/webhooks/highlevel`;

  async function followUp(agent, label) {
    const delivery = deliveries[nextDelivery++];
    const res = await post(server.url, delivery, { agent, timeoutMs: 10_000 });
    report.check(
      `${label}: the next signed delivery on the same agent answered 200, no ECONNRESET`,
      res.status === 200 && !res.keepAliveRetry && !res.error,
      `${res.status || "no answer"}${res.error ? ` ${res.error}` : ""}${res.keepAliveRetry ? ` (first try on the reused socket: ${res.keepAliveRetry}; sent again on a new connection)` : ""}; ${res.body?.status ?? ""} in ${ms(res.ms)}`,
    );
    return res;
  }

  // Written as fast as the socket takes it (on loopback the kernel buffers swallow
  // the whole body before the server answers), then paced at about 12 MB/s like a
  // real network, so the answer comes while the body is still arriving.
  const variants = [
    ["(a) chunked", undefined, 0],
    ["(a) chunked, paced", undefined, paceMs],
    ["(b) Content-Length", bigBytes, 0],
    ["(b) Content-Length, paced", bigBytes, paceMs],
  ];
  for (const [part, declaredLength, pace] of variants) {
    report.section(`${part}: a 2.5 MB body (${bigBytes} bytes) over the ${limitBytes}-byte limit, then a normal delivery, one keep-alive socket`);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    // Warm the socket so the oversized request travels on a kept-alive connection.
    await followUp(agent, `${part} warm-up`);
    const big = await streamPost(webhookUrl, { agent, totalBytes: bigBytes, declaredLength, paceMs: pace });
    report.measure(`${part} oversized request`, `${describe(big)}; on a reused socket: ${big.reusedSocket}`);
    let code = null;
    try {
      code = JSON.parse(big.text)?.error?.code ?? null;
    } catch {}
    report.check(
      `${part}: oversized body answered 413 body_too_large before any connection error`,
      big.status === 413 && !big.error && code === "body_too_large",
      describe(big),
    );
    // Refused before its body was read: the rest of the body is still on the socket,
    // so the server must say it closes the connection (the client then opens a new one).
    report.check(`${part}: the 413 says Connection: close`, big.headers?.connection === "close", `Connection: ${big.headers?.connection ?? "-"}`);
    await followUp(agent, part);
    agent.destroy();
  }

  report.section("(c) a declared length, half the body written, then the socket destroyed");
  const before = (await health(server)).receiver?.abortedRequests;
  const logBefore = readFileSync(logFile, "utf8").split(abortedLine).length - 1;
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  await followUp(agent, "(c) warm-up");
  const declared = 200_000;
  const cut = await streamPost(webhookUrl, { agent, totalBytes: declared, declaredLength: declared, destroyAfter: declared / 2 });
  report.measure("(c) aborted request", describe(cut));
  report.check("(c): the client saw no answer to the aborted request (it destroyed the socket first)", cut.status === 0, describe(cut));
  // The server notices the abort asynchronously: poll for a few seconds.
  let after = before;
  let logAfter = logBefore;
  const t0 = now();
  while (now() - t0 < 5000) {
    after = (await health(server)).receiver?.abortedRequests;
    logAfter = readFileSync(logFile, "utf8").split(abortedLine).length - 1;
    if (after > before && logAfter > logBefore) break;
    await sleep(100);
  }
  report.check(
    `(c): the server log has the line "${abortedLine}"`,
    logAfter === logBefore + 1,
    `${logAfter - logBefore} new such lines after ${ms(now() - t0)}`,
  );
  report.check("(c): /api/health receiver.abortedRequests went up by one", typeof before === "number" && after === before + 1, `${before} → ${after}`);
  await followUp(agent, "(c)");
  agent.destroy();

  const refusals = (await health(server)).receiver;
  report.measure("receiver counters at the end", JSON.stringify(refusals));
  report.check("server still running", !server.exited);
  await server.stop();
});
