// @ts-check
// A GET that never throws and times the whole answer, for health probes and measured reads.
import { request } from "node:http";
import { now } from "./clock.mjs";

/**
 * @typedef {object} GetResult
 * @property {number} status 0 when no answer came (then `error` says why)
 * @property {import("node:http").IncomingHttpHeaders} [headers]
 * @property {number} ms from the request to the last byte of the answer
 * @property {number} bytes
 * @property {string} text the body ("" when `onData` took it)
 * @property {string} [error] the error's code (ECONNREFUSED, TIMEOUT, …) or else its message
 */

/** @param {unknown} error */
const reason = (error) => {
  const e = /** @type {NodeJS.ErrnoException} */ (error);
  return e.code ?? e.message;
};

/**
 * One GET on a fresh connection (agent: false), timed from the request to the last
 * byte of the answer. A fresh connection is what a browser's first request pays; on
 * loopback it costs well under a millisecond, so it does not blur the server's time.
 * @param {string} url
 * @param {{ headers?: Record<string, string>, timeoutMs?: number, onData?: (chunk: Buffer) => void }} [options] onData: stream the body instead of keeping it
 * @returns {Promise<GetResult>}
 */
export function httpGet(url, { headers = {}, timeoutMs = 120_000, onData } = {}) {
  return new Promise((resolve) => {
    const started = now();
    const req = request(url, { headers, agent: false }, (res) => {
      let bytes = 0;
      /** @type {Buffer[]} */
      const chunks = [];
      res.on("data", (/** @type {Buffer} */ chunk) => {
        bytes += chunk.length;
        if (onData) onData(chunk);
        else chunks.push(chunk);
      });
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, ms: now() - started, bytes, text: onData ? "" : Buffer.concat(chunks).toString("utf8") }),
      );
      res.on("error", (error) => resolve({ status: 0, ms: now() - started, bytes, text: "", error: reason(error) }));
    });
    req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error(`timeout after ${timeoutMs} ms`), { code: "TIMEOUT" })));
    req.on("error", (error) => resolve({ status: 0, ms: now() - started, bytes: 0, text: "", error: reason(error) }));
    req.end();
  });
}

/**
 * An HTTP Basic authorization header (the dashboard checks the password only).
 * @param {string} user
 * @param {string} password
 */
export const basicAuth = (user, password) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
