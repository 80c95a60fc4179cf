// The overview's location figures: installed / uninstalled / silent counts and the
// open findings of each location's newest reconciliation run.
import { beforeEach, describe, expect, it } from "vitest";
import { withWriteLock, writeDb } from "@/lib/db";
import { HOUR_MS } from "@/lib/location-silence";
import { getLocationHealth } from "@/lib/queries/overview";
import { clearDatabase } from "./helpers/db";

const now = new Date("2026-03-20T12:30:00.000Z");
const N = Math.floor(now.getTime() / HOUR_MS);

async function location(locationId: string, installState: string | null, hoursAgo: number[]) {
  const prisma = await writeDb();
  const last = hoursAgo.length ? new Date((N - Math.min(...hoursAgo)) * HOUR_MS) : null;
  await withWriteLock(async () => {
    await prisma.location.create({ data: { locationId, installState, lastEventAt: last ?? now, lastReceivedAt: last } });
    if (hoursAgo.length) await prisma.locationHour.createMany({ data: hoursAgo.map((a) => ({ locationId, hour: N - a, count: 1 })) });
  });
}

async function run(locationId: string, findings: { kind: string; applied?: boolean }[]) {
  const prisma = await writeDb();
  await withWriteLock(async () => {
    const r = await prisma.reconcileRun.create({
      data: { locationId, status: "done", trigger: "manual", startedAt: now, finishedAt: now, heartbeatAt: now, owner: "test", progress: "{}" },
    });
    for (const f of findings) {
      await prisma.reconcileFinding.create({ data: { runId: r.id, locationId, kind: f.kind, appliedAt: f.applied ? now : null } });
    }
  });
}

const every4h = (quiet: number) => Array.from({ length: 90 }, (_, i) => quiet + 4 * i).filter((a) => a < 359);

describe("overview location figures", () => {
  beforeEach(clearDatabase);

  it("is all zero on an empty database", async () => {
    expect(await getLocationHealth(now)).toEqual({ installed: 0, uninstalled: 0, silent: 0, openFindings: 0 });
  });

  it("counts install states, silent locations and the newest runs' open findings", async () => {
    await location("ov-1", "installed", every4h(10)); // silent
    await location("ov-2", "installed", every4h(1));
    await location("ov-3", "uninstalled", every4h(10)); // quiet, but uninstalled
    await location("ov-4", null, every4h(12)); // unknown state, silent
    await run("ov-1", [{ kind: "missed_create" }, { kind: "changed" }, { kind: "missed_delete" }]); // superseded by the next run
    await run("ov-1", [{ kind: "missed_create" }, { kind: "changed", applied: true }, { kind: "token_rejected" }]);
    await run("ov-2", [{ kind: "missed_relation_create" }, { kind: "missed_relation_delete" }, { kind: "present_after_delete" }]);
    expect(await getLocationHealth(now)).toEqual({ installed: 2, uninstalled: 1, silent: 2, openFindings: 3 });
  });
});
