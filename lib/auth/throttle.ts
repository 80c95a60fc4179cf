// One throttle for every password check (the sign-in form and HTTP Basic), keyed by
// client address (lib/http/client-address.ts). A wrong password is counted before
// anything waits, so concurrent guesses cannot all slip past a check; after 10
// failures within 15 minutes the client is locked out, and every attempt, even with
// the right password, is answered 429 until the lockout ends (5 minutes, doubling
// with each lockout in a row, at most an hour). Past 100 failures within 15 minutes
// across all clients, password checks are paced to one per second for everyone, so
// a guess spread over many addresses slows down too. In memory, per process (shared
// by proxy.ts and the route handlers through globalThis), at most 10,000 clients.
import { isIP } from "node:net";
import { unknownClient } from "../http/client-address";
import { normalizeIp } from "../http/trust-proxy";

export const throttleLimits = {
  windowMs: 15 * 60_000,
  lockAfter: 10,
  firstLockoutMs: 5 * 60_000,
  maxLockoutMs: 60 * 60_000,
  /** A client's lockout streak is forgotten this long after its last failure. */
  memoryMs: 24 * 60 * 60_000,
  /** Before answering a wrong password (the failure is already counted). */
  failureDelayMs: 250,
  globalBudget: 100,
  globalPaceMs: 1_000,
  /** A paced attempt that would wait longer is answered 429 at once. */
  maxGlobalWaitMs: 10_000,
  maxClients: 10_000,
};
export type ThrottleLimits = typeof throttleLimits;

export type Verdict = { outcome: "accepted" } | { outcome: "rejected" } | { outcome: "throttled"; retryAfterSeconds: number };

interface ClientRecord {
  failures: number;
  windowStart: number;
  lastFailureAt: number;
  lockouts: number;
  lockedUntil: number;
}

/**
 * The key a client is counted under: its IP address; an IPv6 client by its /64 (one
 * subscriber's network, whose addresses it can rotate at will). Anything that is not
 * an IP shares one key, so junk cannot grow the table.
 */
export function throttleKey(client: string): string {
  const ip = normalizeIp(client);
  if (!ip) return unknownClient;
  if (isIP(ip) === 4) return ip;
  return `${ipv6Groups(ip).slice(0, 4).join(":")}::/64`;
}

function ipv6Groups(ip: string): string[] {
  let text = ip.split("%")[0] ?? "";
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a = 0, b = 0, c = 0, d = 0] = v4.slice(1).map(Number); // the pattern has four groups: the defaults never apply
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill("0");
  return [...left, ...zeros, ...right].map((g) => Number.parseInt(g || "0", 16).toString(16));
}

export class Throttle {
  private readonly clients = new Map<string, ClientRecord>();
  /** The times of the latest globalBudget + 1 failures, oldest first. */
  private readonly recentFailures: number[] = [];
  private nextGlobalSlot = 0;

  constructor(
    readonly limits: ThrottleLimits = throttleLimits,
    private readonly clock: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}

  /**
   * Runs one password check for `client` under the throttle. `matches` runs only when
   * the client may try, and between the last lockout check and counting a failure
   * nothing awaits, so no attempt can pass on a stale count.
   */
  async attempt(client: string, matches: () => boolean): Promise<Verdict> {
    const key = throttleKey(client);
    const locked = this.lockedFor(key, this.clock());
    if (locked) return throttled(locked);
    const wait = this.globalWait(this.clock());
    if (wait === "too long") return throttled(this.nextGlobalSlot - this.clock());
    if (wait > 0) await this.sleep(wait);
    const now = this.clock();
    const lockedNow = this.lockedFor(key, now);
    if (lockedNow) return throttled(lockedNow);
    if (matches()) {
      this.clients.delete(key);
      return { outcome: "accepted" };
    }
    this.recordFailure(key, now);
    await this.sleep(this.limits.failureDelayMs);
    return { outcome: "rejected" };
  }

  /** Milliseconds until this client may try again (0: now). */
  lockedFor(key: string, now: number): number {
    const r = this.clients.get(key);
    return r && r.lockedUntil > now ? r.lockedUntil - now : 0;
  }

  /** Whether more than globalBudget failures happened within the window, across all clients. */
  overGlobalBudget(now: number): boolean {
    const oldest = this.recentFailures[0];
    return this.recentFailures.length > this.limits.globalBudget && oldest !== undefined && oldest > now - this.limits.windowMs;
  }

  /** Reserves this attempt's turn when over the global budget: how long it waits first. */
  private globalWait(now: number): number | "too long" {
    if (!this.overGlobalBudget(now)) return 0;
    const slot = Math.max(now, this.nextGlobalSlot);
    if (slot - now > this.limits.maxGlobalWaitMs) return "too long";
    this.nextGlobalSlot = slot + this.limits.globalPaceMs;
    return slot - now;
  }

  private recordFailure(key: string, now: number): void {
    const { windowMs, lockAfter, firstLockoutMs, maxLockoutMs, memoryMs, globalBudget, maxClients } = this.limits;
    this.recentFailures.push(now);
    if (this.recentFailures.length > globalBudget + 1) this.recentFailures.shift();

    let r = this.clients.get(key);
    if (r && now - r.lastFailureAt > memoryMs && r.lockedUntil <= now) r = undefined;
    if (!r) r = { failures: 0, windowStart: now, lastFailureAt: now, lockouts: 0, lockedUntil: 0 };
    if (now - r.windowStart > windowMs) {
      r.failures = 0;
      r.windowStart = now;
    }
    r.failures += 1;
    r.lastFailureAt = now;
    if (r.failures >= lockAfter) {
      r.lockouts += 1;
      r.lockedUntil = now + Math.min(firstLockoutMs * 2 ** (r.lockouts - 1), maxLockoutMs);
      r.failures = 0;
      r.windowStart = r.lockedUntil;
    }
    // Re-inserted, so the map's order is least recently failed first: evict from the front.
    this.clients.delete(key);
    this.clients.set(key, r);
    while (this.clients.size > maxClients) {
      const oldest = this.clients.keys().next().value;
      if (oldest === undefined) break;
      this.clients.delete(oldest);
    }
  }

  /** How many clients are tracked (tests: the cap holds). */
  get size(): number {
    return this.clients.size;
  }
}

function throttled(waitMs: number): Verdict {
  return { outcome: "throttled", retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
}

declare global {
  /** proxy.ts and the route handlers are separate bundles in one process: one throttle for both. */
  var __associationMonitorThrottle: Throttle | undefined;
}

export function passwordThrottle(): Throttle {
  globalThis.__associationMonitorThrottle ??= new Throttle();
  return globalThis.__associationMonitorThrottle;
}

/** Test hook: forget every client and the global count. */
export function resetThrottle(): void {
  globalThis.__associationMonitorThrottle = new Throttle();
}
