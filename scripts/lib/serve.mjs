// @ts-check
// The production HTTP server: Next's request handler behind node:http (Next's
// documented custom-server API), because `next start` gives route handlers no socket
// address and the sign-in throttle must key on one the client cannot choose. Every
// request's x-am-remote-address header is replaced by the socket's peer, and the
// process is marked so lib/http/client-address.ts believes that header here only.
// Otherwise it behaves like `next start`: same keep-alive defaults, a "Ready on" line,
// failures exit 1.
//
// SIGTERM/SIGINT shut down gracefully, because HighLevel retries only a 429: a reset
// or a refused connection during a deploy is a lost delivery. The server stops
// accepting connections, answers every request it already received (2xx once stored,
// 429 if it cannot be stored in time), closes kept-alive connections between requests
// (never under one: a connection is closed once it has been idle for half a second,
// and answers given meanwhile say Connection: close), then lets the app commit what is in flight, stop its projector
// and close the database (lib/shutdown.ts), and exits 0. Past SHUTDOWN_TIMEOUT_S
// (default 10) it closes what is left and exits 1.
//
//   node scripts/lib/serve.mjs [--dir DIR] [--port 3000] [--hostname 127.0.0.1]
import { createServer } from "node:http";
import net from "node:net";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** This file, for the scripts that spawn it. */
export const serveScript = fileURLToPath(import.meta.url);

/** Keep in step with lib/http/client-address.ts. */
export const remoteAddressHeader = "x-am-remote-address";
export const servedMark = Symbol.for("association-monitor.serve");
/** Keep in step with lib/shutdown.ts. */
const shutdownHook = Symbol.for("association-monitor.shutdown");

/**
 * During shutdown, a connection with no request on it for this long is closed: long
 * enough for a request on a just-accepted connection to arrive, short enough to
 * finish a deploy quickly.
 */
const idleGraceMs = 500;

/** SHUTDOWN_TIMEOUT_S, seconds (default 10). @param {string | undefined} value */
function shutdownTimeoutSeconds(value) {
  const n = value === undefined || value.trim() === "" ? 10 : Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`SHUTDOWN_TIMEOUT_S must be a positive number of seconds, not ${JSON.stringify(value)}`);
  return n;
}

/**
 * Replaces whatever the client sent as x-am-remote-address (any case, any number of
 * times: Node folds them into one lower-case key) with the socket's peer address.
 * @param {import("node:http").IncomingMessage} req
 */
export function stampRemoteAddress(req) {
  delete req.headers[remoteAddressHeader];
  const address = req.socket.remoteAddress;
  if (address) req.headers[remoteAddressHeader] = address;
}

/**
 * The URL to print, as `next start` formats it: no hostname (every interface) is
 * localhost, an IPv6 address goes in brackets.
 * @param {string | undefined} hostname
 * @param {number} port
 */
export function readyUrl(hostname, port) {
  const host = !hostname || hostname === "0.0.0.0" || hostname === "::" ? "localhost" : hostname.includes(":") ? `[${hostname}]` : hostname;
  return `http://${host}:${port}`;
}

/**
 * Starts the built app in `dir` on `port` (and `hostname`, or every interface).
 * @param {{ dir: string, port: number, hostname?: string, log?: (line: string) => void }} options
 * @returns {Promise<import("node:http").Server>}
 */
async function serve({ dir, port, hostname, log = console.log }) {
  /** @type {Record<symbol, unknown>} */ (/** @type {unknown} */ (globalThis))[servedMark] = true;
  const { default: next } = await import("next");
  const app = next({ dev: false, dir, hostname: hostname ?? "localhost", port });
  const handle = app.getRequestHandler();
  await app.prepare();

  const timeoutSeconds = shutdownTimeoutSeconds(process.env.SHUTDOWN_TIMEOUT_S);
  let closing = false;
  // Connections and whether a request is on them. Node's own server.close() destroys
  // every connection without a request at once, including one accepted a moment ago
  // whose request is still on the wire: a proxy then sees a reset under a POST it must
  // not re-send (measured: nginx answered 502). So shutdown stops listening only, and
  // closes a connection once it has been idle for idleGraceMs.
  /** @type {Map<import("node:net").Socket, { busy: number, idleSince: number }>} */
  const connections = new Map();

  const server = createServer((req, res) => {
    stampRemoteAddress(req);
    const state = connections.get(req.socket);
    if (state) state.busy += 1;
    res.once("close", () => {
      if (!state) return;
      state.busy -= 1;
      state.idleSince = Date.now();
    });
    // This connection ends after this answer (Node closes it once the answer is sent).
    if (closing) res.setHeader("Connection", "close");
    handle(req, res).catch((/** @type {unknown} */ error) => {
      console.error(`Failed to handle request for ${req.url}`, error);
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
  });
  server.on("connection", (socket) => {
    connections.set(socket, { busy: 0, idleSince: Date.now() });
    socket.once("close", () => connections.delete(socket));
  });
  // Registered before Next's own upgrade listener (added on the first request), so
  // upgrade requests carry the real address too.
  server.on("upgrade", (req) => stampRemoteAddress(req));

  /** Closes the connections that have had no request for idleGraceMs. */
  const closeIdle = () => {
    const now = Date.now();
    for (const [socket, state] of connections) if (state.busy === 0 && now - state.idleSince >= idleGraceMs) socket.destroy();
  };

  /** @param {NodeJS.Signals} signal */
  const shutdown = (signal) => {
    if (closing) return; // a shell's Ctrl-C reaches both us and our parent
    closing = true;
    const started = Date.now();
    log(`${signal}: shutting down (answering requests already received, at most ${timeoutSeconds} s)`);
    const forced = setTimeout(() => {
      console.error(`Shutdown took longer than SHUTDOWN_TIMEOUT_S (${timeoutSeconds} s): closing the remaining connections`);
      for (const socket of connections.keys()) socket.destroy();
      process.exit(1);
    }, timeoutSeconds * 1000);
    forced.unref();
    const sweeper = setInterval(closeIdle, 50);
    // net.Server's close, not http.Server's: stop listening, leave open connections be.
    net.Server.prototype.close.call(server, async () => {
      clearInterval(sweeper);
      try {
        const appShutdown = /** @type {Record<symbol, (() => Promise<void>) | undefined>} */ (/** @type {unknown} */ (globalThis))[shutdownHook];
        await appShutdown?.();
        await app.close();
        log(`Shut down cleanly in ${Date.now() - started} ms`);
        process.exit(0);
      } catch (error) {
        console.error("Shutdown failed", error);
        process.exit(1);
      }
    });
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));

  await new Promise((done, fail) => {
    server.once("error", fail);
    server.listen(port, hostname, () => {
      server.off("error", fail);
      done(undefined);
    });
  });
  server.on("error", (error) => console.error("server error", error));
  const address = server.address();
  log(`Ready on ${readyUrl(hostname, typeof address === "object" && address ? address.port : port)}`);
  return server;
}

/** @param {string[]} argv */
function parseArgs(argv) {
  /** @type {Record<string, string>} */
  const flags = {};
  for (let i = 0; i < argv.length; i++) {
    const match = /^--(dir|port|hostname)(?:=(.*))?$/.exec(argv[i] ?? "");
    if (!match?.[1]) throw new Error(`unknown argument ${argv[i]} (expected --dir, --port, --hostname)`);
    flags[match[1]] = match[2] ?? argv[++i] ?? "";
  }
  return flags;
}

if (process.argv[1] && resolve(process.argv[1]) === serveScript) {
  try {
    const flags = parseArgs(process.argv.slice(2));
    const port = Number(flags.port ?? process.env.PORT ?? 3000);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid port ${flags.port}`);
    await serve({ dir: resolve(flags.dir ?? "."), port, hostname: flags.hostname || undefined });
  } catch (error) {
    console.error(`Failed to start server: ${error instanceof Error ? error.message : String(error)}`);
    if (error instanceof Error && error.stack && !/^(unknown argument|invalid port)/.test(error.message)) console.error(error.stack);
    process.exit(1);
  }
}
