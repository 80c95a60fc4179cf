// The password throttle on a controlled clock: counting before waiting, the
// lockout and its backoff, the global budget's pacing, and bounded memory.
import { describe, expect, it } from "vitest";
import { Throttle, throttleKey, throttleLimits, type Verdict } from "./throttle";

const minute = 60_000;

/** A throttle whose sleeps advance a fake clock (and are recorded) instead of waiting. */
function harness(limits = throttleLimits) {
  const clock = { now: Date.parse("2026-12-01T00:00:00Z") };
  const sleeps: number[] = [];
  const throttle = new Throttle(
    limits,
    () => clock.now,
    async (ms) => {
      sleeps.push(ms);
      clock.now += ms;
    },
  );
  const wrong = (client = "198.51.100.7") => throttle.attempt(client, () => false);
  const right = (client = "198.51.100.7") => throttle.attempt(client, () => true);
  return { clock, sleeps, throttle, wrong, right };
}

const rejected: Verdict = { outcome: "rejected" };
const accepted: Verdict = { outcome: "accepted" };

describe("the password throttle", () => {
  it("locks a client out after 10 failures: the 11th attempt is 429, even with the right password", async () => {
    const { wrong, right, clock } = harness();
    for (let i = 0; i < 10; i++) expect(await wrong()).toEqual(rejected);
    expect(await wrong()).toEqual({ outcome: "throttled", retryAfterSeconds: 300 });
    expect(await right()).toMatchObject({ outcome: "throttled" });
    expect(await right("203.0.113.9")).toEqual(accepted); // another client is not locked
    clock.now += 5 * minute - 1000;
    expect(await right()).toEqual({ outcome: "throttled", retryAfterSeconds: 1 });
    clock.now += 1000;
    expect(await right()).toEqual(accepted);
  });

  it("does not run the password check at all while locked out", async () => {
    const { throttle, wrong } = harness();
    for (let i = 0; i < 10; i++) await wrong();
    let calls = 0;
    await throttle.attempt("198.51.100.7", () => {
      calls++;
      return true;
    });
    expect(calls).toBe(0);
  });

  it("counts each failure before it waits, so concurrent guesses get at most 10 checks", async () => {
    // Real concurrency: sleeps that never resolve until released, as in a burst of parallel requests.
    const clock = { now: 0 };
    const pending: (() => void)[] = [];
    const throttle = new Throttle(
      throttleLimits,
      () => clock.now,
      () => new Promise<void>((r) => pending.push(r)),
    );
    let checks = 0;
    const verdicts = Array.from({ length: 50 }, () =>
      throttle.attempt("198.51.100.7", () => {
        checks++;
        return false;
      }),
    );
    await Promise.resolve();
    expect(checks).toBe(10);
    for (const release of pending) release();
    const outcomes = (await Promise.all(verdicts)).map((v) => v.outcome);
    expect(outcomes.filter((o) => o === "rejected")).toHaveLength(10);
    expect(outcomes.filter((o) => o === "throttled")).toHaveLength(40);
  });

  it("waits a little before answering a wrong password, never before a right one", async () => {
    const { wrong, right, sleeps } = harness();
    await right();
    expect(sleeps).toEqual([]);
    await wrong();
    expect(sleeps).toEqual([throttleLimits.failureDelayMs]);
  });

  it("doubles the lockout with each lockout in a row, up to an hour", async () => {
    const { wrong, clock } = harness();
    const lockouts: number[] = [];
    for (let round = 0; round < 6; round++) {
      for (let i = 0; i < 10; i++) await wrong();
      const v = await wrong();
      if (v.outcome !== "throttled") throw new Error(`round ${round}: ${v.outcome}`);
      lockouts.push(v.retryAfterSeconds / 60);
      clock.now += v.retryAfterSeconds * 1000;
    }
    expect(lockouts).toEqual([5, 10, 20, 40, 60, 60]);
  });

  it("forgets failures older than the window, and the streak after a day, or at once after a right password", async () => {
    const { wrong, right, clock } = harness();
    for (let i = 0; i < 9; i++) await wrong();
    clock.now += 16 * minute;
    for (let i = 0; i < 9; i++) expect(await wrong()).toEqual(rejected); // a new window: 9 more are fine
    await right();
    for (let i = 0; i < 10; i++) await wrong();
    clock.now += 5 * minute;
    clock.now += 25 * 60 * minute;
    for (let i = 0; i < 10; i++) await wrong();
    expect(await wrong()).toEqual({ outcome: "throttled", retryAfterSeconds: 300 }); // not 600: the streak was forgotten
  });

  it("past 100 failures across all clients, paces every password check to one per second", async () => {
    const { wrong, right, sleeps, throttle, clock } = harness();
    // A distributed guess: 101 addresses, one failure each; none is locked out.
    for (let i = 0; i <= 100; i++) await wrong(`10.0.${i >> 8}.${i & 255}`);
    expect(throttle.overGlobalBudget(clock.now)).toBe(true);
    sleeps.length = 0;
    expect(await right("192.0.2.1")).toEqual(accepted);
    expect(await right("192.0.2.2")).toEqual(accepted);
    expect(await right("192.0.2.3")).toEqual(accepted);
    // The first goes at once; each later one waits for the next one-second slot.
    expect(sleeps).toEqual([1000, 1000]);
    // Once the window has passed, no more pacing.
    clock.now += 16 * minute;
    sleeps.length = 0;
    await right("192.0.2.4");
    expect(sleeps).toEqual([]);
  });

  it("answers 429 at once when the paced wait would be longer than 10 s", async () => {
    const clock = { now: 0 };
    const pending: (() => void)[] = [];
    const throttle = new Throttle(
      throttleLimits,
      () => clock.now,
      () => new Promise<void>((r) => pending.push(r)),
    );
    for (let i = 0; i <= 100; i++) void throttle.attempt(`10.1.0.${i}`, () => false);
    for (const release of pending.splice(0)) release();
    const queued = Array.from({ length: 11 }, (_, i) => throttle.attempt(`192.0.2.${i}`, () => true));
    const refused = await throttle.attempt("192.0.2.200", () => true);
    expect(refused).toEqual({ outcome: "throttled", retryAfterSeconds: 11 });
    clock.now += 11_000;
    for (const release of pending.splice(0)) release();
    expect((await Promise.all(queued)).every((v) => v.outcome === "accepted")).toBe(true);
  });

  it("re-checks the lockout after a paced wait", async () => {
    const { throttle } = harness();
    for (let i = 0; i <= 100; i++) await throttle.attempt(`10.2.0.${i}`, () => false);
    // 9 failures of one client, then two concurrent attempts queued behind the pacing: the
    // first fails (10th, locks), the second must be refused although it was admitted earlier.
    for (let i = 0; i < 9; i++) await throttle.attempt("198.51.100.7", () => false);
    const a = throttle.attempt("198.51.100.7", () => false);
    const b = throttle.attempt("198.51.100.7", () => true);
    expect(await a).toEqual(rejected);
    expect(await b).toMatchObject({ outcome: "throttled" });
  });

  it("keeps at most maxClients records, dropping the least recently failed", async () => {
    const { throttle, wrong, clock } = harness({ ...throttleLimits, maxClients: 3, globalBudget: 1_000_000 });
    for (let i = 0; i < 10; i++) await wrong("192.0.2.1"); // locked
    await wrong("192.0.2.2");
    await wrong("192.0.2.3");
    await wrong("192.0.2.4");
    expect(throttle.size).toBe(3);
    expect(throttle.lockedFor("192.0.2.1", clock.now)).toBe(0); // evicted, though its lockout had not ended
  });
});

describe("throttleKey", () => {
  it("keys IPv4 by address and IPv6 by its /64; anything else shares one key", () => {
    expect(throttleKey("198.51.100.7")).toBe("198.51.100.7");
    expect(throttleKey("::ffff:198.51.100.7")).toBe("198.51.100.7");
    expect(throttleKey("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(throttleKey("2001:DB8:1:2:bbbb:cccc:dddd:eeee")).toBe("2001:db8:1:2::/64");
    expect(throttleKey("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(throttleKey("::1")).toBe("0:0:0:0::/64");
    expect(throttleKey("unknown")).toBe("unknown");
    expect(throttleKey("203.0.113.1, 10.0.0.1")).toBe("unknown");
  });
});
