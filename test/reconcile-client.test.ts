// The HighLevel API client against the fake: pacing on the rate-limit headers, 429
// with Retry-After, 5xx retried with backoff (bounded), refused tokens, and a run's
// progress counting the calls and the time it waited. Sleeps are recorded, not slept.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ApiCallFailed, HighLevelClient, TokenRejected } from "@/lib/highlevel/api-client";
import { parseAssociationsPage, parseLocationName, parseRelationsPage } from "@/lib/highlevel/api-parse";
import { startReconcile } from "@/lib/reconcile/run";
import { clearDatabase } from "./helpers/db";
import type { FakeHighLevel } from "./helpers/fake-highlevel.mjs";
import { LOC, OTHER, OTHER_TOKEN, TOKEN, getReconcile, hlAssociation, recordingSleep, restoreEnv, startFake, useFake } from "./helpers/reconcile";

let fake: FakeHighLevel;
beforeAll(async () => {
  fake = await startFake();
});
afterAll(async () => {
  restoreEnv();
  await fake.close();
});
beforeEach(() => {
  fake.reset();
  useFake(fake, { [LOC]: TOKEN, [OTHER]: OTHER_TOKEN });
  fake.locations.set(LOC, { token: TOKEN, name: "Acme", associations: [hlAssociation("as-1")] });
});

function client(sleep: (ms: number) => Promise<void>, token = TOKEN) {
  return new HighLevelClient({ baseUrl: fake.url, token, sleep });
}
const listPath = `/associations/?locationId=${LOC}&skip=0&limit=100`;

describe("HighLevel API client", () => {
  it("sends the token, version and accept headers and reads the documented answer", async () => {
    const { sleep, waits } = recordingSleep();
    const res = await client(sleep).get(listPath);
    expect(res.status).toBe(200);
    expect(parseAssociationsPage(res.json)).toMatchObject({ rows: [{ id: "as-1", fields: { key: "as-1_key" } }], unreadable: 0, total: 1 });
    expect(fake.requests[0]).toMatchObject({ authorized: true, version: "2021-07-28" });
    expect(waits).toEqual([]);
  });

  it("waits the interval before the next call when few requests are left", async () => {
    fake.rateLimit = { remaining: 2, max: 100, intervalMs: 10_000 };
    const { sleep, waits } = recordingSleep();
    const c = client(sleep);
    await c.get(listPath);
    expect(waits).toEqual([]); // the wait is before the next call, not after the last
    await c.get(listPath);
    await c.get(listPath);
    expect(waits).toEqual([10_000, 10_000]);
    expect(c.stats).toMatchObject({
      calls: 3,
      waitedMs: 20_000,
      waits: [
        { ms: 10_000, reason: "rate_limit" },
        { ms: 10_000, reason: "rate_limit" },
      ],
    });
    fake.rateLimit = { remaining: 50, max: 100, intervalMs: 10_000 };
    await c.get(listPath); // the pause from the previous answer
    await c.get(listPath);
    expect(waits).toHaveLength(3);
  });

  it("backs off on 429 for as long as Retry-After says, then succeeds", async () => {
    fake.once.push({ match: "/associations/", status: 429, headers: { "Retry-After": "7" }, body: "{}" });
    const { sleep, waits } = recordingSleep();
    const c = client(sleep);
    const res = await c.get(listPath);
    expect(res.status).toBe(200);
    expect(waits).toEqual([7_000]);
    expect(c.stats).toMatchObject({ calls: 2, retries: 1, waits: [{ ms: 7_000, reason: "retry_after" }] });
  });

  it("stops rather than wait out a Retry-After longer than its bound", async () => {
    fake.once.push({ match: "/associations/", status: 429, headers: { "Retry-After": "3600" }, body: "{}" });
    const { sleep, waits } = recordingSleep();
    await expect(client(sleep).get(listPath)).rejects.toThrow(/asked to wait 3600 s/);
    expect(waits).toEqual([]);
  });

  it("retries 5xx with growing backoff and then succeeds", async () => {
    fake.once.push({ match: "/associations/", status: 502, body: "bad gateway" }, { match: "/associations/", status: 503, body: "unavailable" });
    const { sleep, waits } = recordingSleep();
    const c = client(sleep);
    expect((await c.get(listPath)).status).toBe(200);
    expect(waits).toEqual([1_000, 2_000]);
    expect(c.stats.retries).toBe(2);
  });

  it("gives up on 5xx after its attempts, keeping the last answer without the token", async () => {
    for (let i = 0; i < 4; i++) fake.once.push({ match: "/associations/", status: 500, body: (token) => `oops ${token}` });
    const { sleep, waits } = recordingSleep();
    const error = await client(sleep)
      .get(listPath)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiCallFailed);
    expect((error as ApiCallFailed).message).toMatch(/after 4 attempts: HTTP 500/);
    expect((error as ApiCallFailed).body).toBe("oops [token]");
    expect(waits).toEqual([1_000, 2_000, 4_000]);
  });

  it("throws TokenRejected on 401 and 403 without retrying", async () => {
    const { sleep } = recordingSleep();
    await expect(client(sleep, "not-the-token").get(listPath)).rejects.toBeInstanceOf(TokenRejected);
    fake.once.push({ match: "/associations/", status: 403, body: "{}" });
    const error = await client(sleep)
      .get(listPath)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 403 });
    expect(String((error as Error).message)).not.toContain(TOKEN);
    expect(fake.requests).toHaveLength(2);
  });

  it("times out a call that never answers", async () => {
    const { sleep } = recordingSleep();
    const c = new HighLevelClient({ baseUrl: "http://10.255.255.1:9", token: TOKEN, sleep, timeoutMs: 50, maxAttempts: 2 });
    await expect(c.get("/locations/x")).rejects.toThrow(/after 2 attempts/);
  });

  it("reads lenient variants of rows and names", () => {
    expect(parseLocationName({ location: { name: " Acme " } })).toBe("Acme");
    expect(parseLocationName({ name: "Flat" })).toBe("Flat");
    expect(parseLocationName({ location: {} })).toBeNull();
    const page = parseAssociationsPage({
      associations: [{ _id: "x", key: "k", cardinalities: { firstObjectToSecondObjectCardinality: "ONE_TO_ONE" }, firstObjectLabel: 5 }, "junk"],
    });
    expect(page).toMatchObject({ rows: [{ id: "x", fields: { key: "k", firstObjectToSecondObjectCardinality: "ONE_TO_ONE" } }], unreadable: 1, total: null });
    expect(page?.rows[0]?.fields).not.toHaveProperty("firstObjectLabel");
    expect(parseRelationsPage({ data: { relations: [{ id: "r" }] } })?.rows).toHaveLength(1);
    expect(parseAssociationsPage({ message: "nope" })).toBeNull();
    expect(parseAssociationsPage("text")).toBeNull();
  });
});

describe("a run's progress", () => {
  beforeEach(clearDatabase);

  it("counts calls, retries and waits, paced by the injected sleep", async () => {
    fake.rateLimit = { remaining: 1, max: 100, intervalMs: 10_000 };
    fake.once.push({ match: "/associations/", status: 503, body: "busy" });
    const { sleep, waits } = recordingSleep();
    const result = await startReconcile(LOC, { sleep });
    if (!result.started) throw new Error("not started");
    await result.done;
    const run = (await getReconcile()).body.data;
    expect(run.status).toBe("done");
    // name (few left: pause) → list 503 → backoff → list; no call after the last, so no wait
    expect(waits).toEqual([10_000, 1_000]);
    expect(run.progress).toMatchObject({ calls: 3, retries: 1, waitedMs: 11_000, pages: 1, phase: "done" });
  });
});
