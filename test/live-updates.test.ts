// GET /api/events/latest through the real route handler: the newest event id and
// how many deliveries arrived after a given id (what the dashboard's live-updates
// poller asks every few seconds).
import { describe, expect, it } from "vitest";
import { GET } from "@/app/api/events/latest/route";
import { getEventsSince } from "@/lib/queries/events";
import { deliver, get } from "./helpers/http";
import { deliverOk, envelopeBody } from "./helpers/seed";

const latest = (query = "") => get(GET, `/api/events/latest${query}`);

/** Delivers a fresh ContactCreate (never a duplicate) and returns its event id. */
async function deliverOne(): Promise<number> {
  const body = await deliverOk(envelopeBody("ContactCreate", { id: `contact-${Math.random()}`, locationId: "loc-live" }));
  expect(body.status).toBe("stored");
  return body.eventId as number;
}

describe("GET /api/events/latest", () => {
  it("without since: the newest event id and no count", async () => {
    const id = await deliverOne();
    const res = await latest();
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ latestId: id, newEvents: 0 });
  });

  it("counts the deliveries stored after since, and nothing when since is the newest", async () => {
    const before = (await latest()).body.latestId as number;
    const ids = [await deliverOne(), await deliverOne(), await deliverOne()];
    expect(ids[0]).toBeGreaterThan(before);

    expect((await latest(`?since=${before}`)).body).toEqual({ latestId: ids[2], newEvents: 3, capped: false });
    expect((await latest(`?since=${ids[0]}`)).body).toEqual({ latestId: ids[2], newEvents: 2, capped: false });
    expect((await latest(`?since=${ids[2]}`)).body).toEqual({ latestId: ids[2], newEvents: 0 });
    // A since beyond the newest id (e.g. a database restored from a backup) counts nothing.
    expect((await latest(`?since=${(ids[2] ?? 0) + 1000}`)).body).toEqual({ latestId: ids[2], newEvents: 0 });
  });

  it("a re-sent duplicate is not a new event; a refused request is not either", async () => {
    const body = envelopeBody("ContactCreate", { id: "contact-dup", locationId: "loc-live" });
    const first = await deliverOk(body);
    const since = first.eventId as number;
    expect((await deliverOk(body)).status).toBe("duplicate");
    expect((await deliver(body, { sign: false })).status).toBe(401);
    expect((await latest(`?since=${since}`)).body).toEqual({ latestId: since, newEvents: 0 });
  });

  it("answers with no-store so no cache serves an old count", async () => {
    const response = await GET(new Request("http://localhost:3000/api/events/latest?since=0"), undefined);
    expect(response.headers.get("cache-control")).toBe("no-store");
  });

  it.each([["abc"], ["-1"], ["1.5"], ["1e3"], ["0x10"], ["2147483648"]])("since=%s is refused with 400 naming the parameter", async (since) => {
    const res = await latest(`?since=${since}`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: "invalid_query", details: [{ path: "since" }] } });
  });

  it("a blank since means no since (a baseline), never a count of every event from 0", async () => {
    const id = await deliverOne();
    expect((await latest("?since=")).body).toEqual({ latestId: id, newEvents: 0 });
    expect((await latest("?since=%20")).body).toEqual({ latestId: id, newEvents: 0 });
    expect((await latest("?since=0")).body).toMatchObject({ latestId: id, newEvents: expect.any(Number) });
    expect((await latest("?since=0")).body.newEvents).toBeGreaterThan(0);
  });

  it("caps the count for a far-behind client", async () => {
    const since = (await latest()).body.latestId as number;
    await deliverOne();
    await deliverOne();
    await deliverOne();
    expect(await getEventsSince(since, 2)).toMatchObject({ newEvents: 2, capped: true });
    expect(await getEventsSince(since, 3)).toMatchObject({ newEvents: 3, capped: false });
  });
});
