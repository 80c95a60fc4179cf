// Retention deletes old events and their raw bodies but keeps projected state and counts.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { resetEnv } from "@/lib/env";
import { receiveWebhook } from "@/lib/highlevel/receive";
import { getAssociation } from "@/lib/queries/associations";
import { getDeliveriesByDay } from "@/lib/queries/overview";
import { pruneEventsBefore, retentionCutoff } from "@/lib/queries/retention";
import { runRetentionOnce } from "@/lib/retention-schedule";
import { clearDatabase } from "./helpers/db";
import { eventBody } from "./helpers/http";
import { signEd25519 } from "./helpers/keys";
import { settleProjection } from "./helpers/projection";

const day = 86_400_000;

async function deliverAt(daysAgo: number, type: string, fields: Record<string, unknown>) {
  const body = eventBody(fields);
  const request = new Request(`http://localhost/api/webhooks/highlevel/${type}`, {
    method: "POST",
    headers: { "x-ghl-signature": signEd25519(body) },
    body,
  });
  const response = await receiveWebhook(request, type, new Date(Date.now() - daysAgo * day));
  expect(response.status).toBe(200);
  await settleProjection();
}

const association = (label: string) => ({
  id: "ret-1",
  associationType: "USER_DEFINED",
  firstObjectKey: "contact",
  firstObjectLabel: label,
  secondObjectKey: "custom_objects.property",
  secondObjectLabel: "Property",
  firstObjectToSecondObjectCardinality: "MANY_TO_MANY",
  secondObjectToFirstObjectCardinality: "MANY_TO_MANY",
  key: "retention_key",
  locationId: "loc-retention",
});

describe("retention", () => {
  beforeEach(async () => {
    await clearDatabase();
    await deliverAt(40, "AssociationCreate", association("Old label"));
    await deliverAt(35, "AssociationUpdate", association("Middle label"));
    await deliverAt(1, "AssociationUpdate", association("New label"));
  });
  afterEach(() => {
    delete process.env.RETENTION_DAYS;
    resetEnv();
  });

  it("deletes events received before the cutoff and keeps state, counts and newer events", async () => {
    const prisma = await db();
    const chartTotal = async () => (await prisma.eventDay.aggregate({ _sum: { count: true } }))._sum.count ?? 0;
    expect(await chartTotal()).toBe(3);
    expect(await pruneEventsBefore(retentionCutoff(30))).toBe(2);
    expect(await chartTotal()).toBe(1); // the per-day chart follows the stored events
    expect((await getDeliveriesByDay()).map((b) => [b.type, b.count])).toEqual([["AssociationUpdate", 1]]);
    expect(await prisma.event.count()).toBe(1);
    const a = await getAssociation("ret-1");
    expect(a).toMatchObject({ firstObjectLabel: "New label", eventCount: 3, status: "active" });
    expect(a?.history.map((h) => h.type)).toEqual(["AssociationUpdate"]);
    const location = await prisma.location.findUnique({ where: { locationId: "loc-retention" } });
    expect(location).toMatchObject({ associations: 1, events: 3 });
  });

  it("works in small batches until nothing is older than the cutoff", async () => {
    expect(await pruneEventsBefore(retentionCutoff(0.5), 1)).toBe(3);
    expect(await (await db()).event.count()).toBe(0);
    expect(await getAssociation("ret-1")).toMatchObject({ firstObjectLabel: "New label", eventCount: 3 });
  });

  it("does nothing unless RETENTION_DAYS is set, and prunes with it", async () => {
    expect(await runRetentionOnce()).toBeNull();
    expect(await (await db()).event.count()).toBe(3);
    process.env.RETENTION_DAYS = "36";
    resetEnv();
    expect(await runRetentionOnce()).toBe(1);
    expect(await (await db()).event.count()).toBe(2);
  });

  it("refuses a RETENTION_DAYS below one day", async () => {
    process.env.RETENTION_DAYS = "0";
    resetEnv();
    await expect(runRetentionOnce()).rejects.toThrow(/RETENTION_DAYS/);
  });
});
