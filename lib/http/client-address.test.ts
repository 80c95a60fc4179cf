// The client address the throttle keys on: the socket's peer unless TRUST_PROXY
// names the proxies in front, and then the hop the last trusted proxy saw.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseEnv, resetEnv } from "../env";
import { clientAddress, remoteAddressHeader, servedMark, unknownClient } from "./client-address";
import { normalizeIp, parseTrustProxy, resolveClient } from "./trust-proxy";

function headers(socket: string | null, forwardedFor?: string, extra: Record<string, string> = {}) {
  const h = new Headers(extra);
  if (socket !== null) h.set(remoteAddressHeader, socket);
  if (forwardedFor !== undefined) h.set("x-forwarded-for", forwardedFor);
  return h;
}

describe("clientAddress", () => {
  beforeEach(() => {
    Reflect.set(globalThis, servedMark, true);
  });
  afterEach(() => {
    Reflect.deleteProperty(globalThis, servedMark);
    delete process.env.TRUST_PROXY;
    resetEnv();
  });

  it("is the socket's address, whatever X-Forwarded-For or X-Real-IP say, when no proxy is trusted", () => {
    expect(clientAddress(headers("198.51.100.7", "203.0.113.1", { "x-real-ip": "203.0.113.2" }))).toBe("198.51.100.7");
    expect(clientAddress(headers("::ffff:198.51.100.7", "203.0.113.1"))).toBe("198.51.100.7");
    expect(clientAddress(headers("2001:DB8::1"))).toBe("2001:db8::1");
  });

  it("ignores the socket header unless scripts/lib/serve.mjs marked the process (a client could have written it)", () => {
    Reflect.deleteProperty(globalThis, servedMark);
    expect(clientAddress(headers("198.51.100.7", "203.0.113.1"))).toBe(unknownClient);
  });

  it("is unknown when the socket header is missing or not an IP", () => {
    expect(clientAddress(headers(null, "203.0.113.1"))).toBe(unknownClient);
    expect(clientAddress(headers("not-an-ip"))).toBe(unknownClient);
  });

  it("with TRUST_PROXY=1 takes the entry the proxy appended (the rightmost), not the client's own", () => {
    process.env.TRUST_PROXY = "1";
    resetEnv();
    // The client sent "X-Forwarded-For: 10.9.9.9"; the proxy at 127.0.0.1 appended the address it saw.
    expect(clientAddress(headers("127.0.0.1", "10.9.9.9, 198.51.100.7"))).toBe("198.51.100.7");
    expect(clientAddress(headers("127.0.0.1", "198.51.100.7"))).toBe("198.51.100.7");
    expect(clientAddress(headers("127.0.0.1"))).toBe("127.0.0.1"); // a direct request
    expect(clientAddress(headers("127.0.0.1", "10.9.9.9, garbage"))).toBe("127.0.0.1"); // not an IP: the socket
    expect(clientAddress(headers("127.0.0.1", "10.9.9.9, 198.51.100.7:4711"))).toBe("127.0.0.1");
  });
});

describe("resolveClient", () => {
  it("counts hops from the socket: 2 proxies in a row skip two entries", () => {
    const two = parseTrustProxy("2");
    expect(resolveClient("10.0.0.2", "6.6.6.6, 198.51.100.7, 10.0.0.1", two)).toBe("198.51.100.7");
    expect(resolveClient("10.0.0.2", "198.51.100.7", two)).toBe("198.51.100.7"); // fewer hops than proxies: the leftmost
    expect(resolveClient("10.0.0.2", null, two)).toBe("10.0.0.2");
  });

  it("with addresses and CIDRs, walks left past trusted proxies to the first untrusted hop", () => {
    const list = parseTrustProxy("127.0.0.1, 10.0.0.0/8, fd00::/8");
    expect(resolveClient("127.0.0.1", "6.6.6.6, 198.51.100.7, 10.1.2.3", list)).toBe("198.51.100.7");
    expect(resolveClient("::ffff:10.0.0.5", "198.51.100.7", list)).toBe("198.51.100.7");
    expect(resolveClient("fd00::1", "2001:db8::7", list)).toBe("2001:db8::7");
    // The socket peer is not a trusted proxy: its header is the client's word, ignored.
    expect(resolveClient("198.51.100.9", "10.0.0.1, 127.0.0.1", list)).toBe("198.51.100.9");
    // Every hop is a trusted proxy: the leftmost.
    expect(resolveClient("127.0.0.1", "10.0.0.7, 10.0.0.1", list)).toBe("10.0.0.7");
    // The first untrusted hop is not an IP: the socket, never the junk.
    expect(resolveClient("127.0.0.1", "198.51.100.7, unknown", list)).toBe("127.0.0.1");
    expect(resolveClient("127.0.0.1", "198.51.100.7, ", list)).toBe("127.0.0.1");
  });

  it("never trusts a forwarding header without TRUST_PROXY", () => {
    expect(resolveClient("198.51.100.9", "127.0.0.1", parseTrustProxy(undefined))).toBe("198.51.100.9");
    expect(resolveClient("198.51.100.9", "127.0.0.1", parseTrustProxy(" "))).toBe("198.51.100.9");
    expect(resolveClient("198.51.100.9", "127.0.0.1", parseTrustProxy("0"))).toBe("198.51.100.9");
  });
});

describe("TRUST_PROXY parsing", () => {
  it("refuses what is neither a hop count nor addresses, with the entry in the message", () => {
    for (const bad of ["yes", "10.0.0.0/33", "fd00::/129", "10.0.0.0/8/1", "localhost", "1.2.3.4/x", "999"]) {
      expect(() => parseEnv({ TRUST_PROXY: bad }), bad).toThrow(/TRUST_PROXY/);
    }
    expect(parseEnv({ TRUST_PROXY: "10.0.0.0/8, ::1" }).trustProxy.kind).toBe("addresses");
    expect(parseEnv({ TRUST_PROXY: "1" }).trustProxy).toEqual({ kind: "hops", hops: 1 });
    expect(parseEnv({}).trustProxy).toEqual({ kind: "none" });
  });

  it("normalises addresses the way keys compare", () => {
    expect(normalizeIp(" ::FFFF:192.0.2.1 ")).toBe("192.0.2.1");
    expect(normalizeIp("2001:DB8::1")).toBe("2001:db8::1");
    for (const bad of ["", "1.2.3", "1.2.3.4:80", "[::1]", "example.com", null, undefined]) expect(normalizeIp(bad)).toBeNull();
  });
});
