// TRUST_PROXY: which proxies in front of the app may say who the client is. Unset,
// no forwarding header is believed (the client could write anything there). A hop
// count ("1": one proxy, "2": two in a row) or a comma list of proxy addresses and
// CIDR ranges ("127.0.0.1, 10.0.0.0/8, fd00::/8"). Parsed here, without the rest of
// the configuration, so lib/env.ts can validate it and lib/http/client-address.ts
// apply it.
import { BlockList, isIP } from "node:net";

export type TrustProxy = { kind: "none" } | { kind: "hops"; hops: number } | { kind: "addresses"; trusted: BlockList; description: string };

/** An address as a throttle key: trimmed, IPv4-mapped IPv6 as plain IPv4, lower case; null if not an IP. */
export function normalizeIp(value: string | null | undefined): string | null {
  const v = value?.trim().toLowerCase();
  if (!v || !isIP(v)) return null;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(v);
  return mapped?.[1] ?? v;
}

export function parseTrustProxy(value: string | undefined): TrustProxy {
  const v = value?.trim() ?? "";
  if (v === "") return { kind: "none" };
  if (/^\d+$/.test(v)) {
    const hops = Number(v);
    if (hops > 20) throw new Error(`TRUST_PROXY=${v}: a hop count is the number of proxies in front of the app (1 or 2, usually)`);
    return hops === 0 ? { kind: "none" } : { kind: "hops", hops };
  }
  const trusted = new BlockList();
  for (const raw of v.split(",")) {
    const entry = raw.trim();
    if (!entry) continue;
    const [address, prefix, extra] = entry.split("/");
    const ip = normalizeIp(address);
    const family = ip ? (isIP(ip) === 4 ? "ipv4" : "ipv6") : null;
    const bits = prefix === undefined ? null : /^\d{1,3}$/.test(prefix) ? Number(prefix) : NaN;
    if (!ip || !family || extra !== undefined || Number.isNaN(bits) || (bits !== null && bits > (family === "ipv4" ? 32 : 128))) {
      throw new Error(
        `TRUST_PROXY: "${entry.slice(0, 100)}" is neither an IP address nor a CIDR range (give a hop count such as 1, or addresses such as 127.0.0.1, 10.0.0.0/8)`,
      );
    }
    if (bits === null) trusted.addAddress(ip, family);
    else trusted.addSubnet(ip, bits, family);
  }
  return { kind: "addresses", trusted, description: v };
}

/**
 * The client address a request came from, given the socket's peer and the
 * X-Forwarded-For header: each trusted proxy appends the address it received the
 * request from, so the chain is read from the right and the first hop not trusted
 * is the client (only entries a trusted proxy wrote are believed). If every hop is
 * trusted, the leftmost one. Anything that is not an IP falls back to the socket.
 */
export function resolveClient(socket: string, forwardedFor: string | null, policy: TrustProxy): string {
  if (policy.kind === "none" || !forwardedFor) return socket;
  const hops = [
    socket,
    ...forwardedFor
      .split(",")
      .map((s) => s.trim())
      .reverse(),
  ];
  let index = 0;
  if (policy.kind === "hops") index = Math.min(policy.hops, hops.length - 1);
  else {
    while (index < hops.length - 1) {
      const ip = normalizeIp(hops[index]);
      if (!ip || !policy.trusted.check(ip, isIP(ip) === 4 ? "ipv4" : "ipv6")) break;
      index += 1;
    }
  }
  return normalizeIp(hops[index]) ?? socket;
}
