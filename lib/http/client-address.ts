// Which client sent a request: the key of the sign-in throttle and of per-client
// caps. `next start` gives route handlers no socket address, so scripts/lib/serve.mjs
// (the server npm start runs) deletes any client-sent x-am-remote-address header,
// sets it to the socket's peer and marks the process. The header is believed only in
// a marked process: under `next dev` or a bare `next start` a client could write it.
// X-Forwarded-For counts only as far as TRUST_PROXY says (lib/http/trust-proxy.ts).
import { env } from "../env";
import { normalizeIp, resolveClient } from "./trust-proxy";

/** The header scripts/lib/serve.mjs sets; keep the two in step. */
export const remoteAddressHeader = "x-am-remote-address";
/** Set on globalThis by scripts/lib/serve.mjs (proxy.ts and route handlers are separate bundles of one process). */
export const servedMark = Symbol.for("association-monitor.serve");
/** The one key of every client when the socket address is not known (never an IP). */
export const unknownClient = "unknown";

function servedByOurServer(): boolean {
  return Reflect.get(globalThis, servedMark) === true;
}

/** The client's IP address (IPv4-mapped IPv6 as IPv4), or "unknown" outside scripts/lib/serve.mjs. */
export function clientAddress(headers: Headers): string {
  if (!servedByOurServer()) return unknownClient;
  const socket = normalizeIp(headers.get(remoteAddressHeader));
  if (!socket) return unknownClient;
  return resolveClient(socket, headers.get("x-forwarded-for"), env().trustProxy);
}
