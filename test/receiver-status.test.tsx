// The overview's write-path notices: the lag banner appears only past 5 s of lag,
// and the 429 line names the count and the last cause.
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ProjectionLagBanner, ReceiverRefusals } from "@/components/receiver-status";
import type { ProjectorStatus } from "@/lib/queries/projector-status";

const status = (lagSeconds: number, behind: number): ProjectorStatus => ({
  position: 10,
  head: 10 + behind,
  behind,
  lagSeconds,
  oldestUnprojectedAt: behind ? "2026-12-01T10:00:00.000Z" : null,
  owner: "host:1:abc",
  leaseUntil: null,
});

const stats = (total: number) => ({
  since: "2026-12-01T09:00:00.000Z",
  refused429: { total, queue_full: 0, queue_stalled: 0, timeout: 0, database_unavailable: total, storage_error: 0 },
  lastRefusal: total ? { reason: "database_unavailable" as const, message: "down", at: "2026-12-01T09:30:00.000Z" } : null,
  abortedRequests: 0,
});

describe("overview write-path notices", () => {
  it("no banner at or under 5 s of lag", () => {
    expect(renderToStaticMarkup(<ProjectionLagBanner projector={status(0, 0)} />)).toBe("");
    expect(renderToStaticMarkup(<ProjectionLagBanner projector={status(5, 3)} />)).toBe("");
  });

  it("a banner with the lag and the events behind past 5 s", () => {
    const html = renderToStaticMarkup(<ProjectionLagBanner projector={status(12.4, 1234)} />);
    expect(html).toContain('role="status"');
    expect(html).toContain("Projection is 12 s behind.");
    expect(html).toContain("1,234 stored events are not yet in the lists and counts");
    expect(html).toContain("Projecting: host:1:abc.");
    expect(renderToStaticMarkup(<ProjectionLagBanner projector={{ ...status(9, 1), owner: null }} />)).toContain("No process holds the projector");
  });

  it("says when the receiver answered no 429, and otherwise how many and the last cause", () => {
    expect(renderToStaticMarkup(<ReceiverRefusals stats={stats(0)} />)).toContain("receiver answered no 429 since");
    const html = renderToStaticMarkup(<ReceiverRefusals stats={stats(7)} />);
    expect(html).toContain("7 × 429");
    expect(html).toContain("last: database unavailable");
  });
});
