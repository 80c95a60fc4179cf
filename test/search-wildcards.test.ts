// `q` searches key and labels as text. On PostgreSQL `%` and `_` match literally;
// on SQLite they stay LIKE wildcards (documented), so results are a superset there.
import { beforeEach, describe, expect, it } from "vitest";
import { GET } from "@/app/api/associations/route";
import { env } from "@/lib/env";
import { clearDatabase } from "./helpers/db";
import { deliver, eventBody, get } from "./helpers/http";

const association = (id: string, key: string, label: string) =>
  eventBody({
    id,
    associationType: "USER_DEFINED",
    firstObjectKey: "contact",
    firstObjectLabel: label,
    secondObjectKey: "contact",
    secondObjectLabel: "Other",
    key,
    locationId: "loc-wildcards",
  });

describe("text search with LIKE metacharacters", () => {
  beforeEach(async () => {
    await clearDatabase();
    expect((await deliver(association("w1", "growth_100%", "Buyer"), { eventType: "AssociationCreate" })).status).toBe(200);
    expect((await deliver(association("w2", "plain_key", "Buyers"), { eventType: "AssociationCreate" })).status).toBe(200);
    expect((await deliver(association("w3", "plainXkey", "Seller"), { eventType: "AssociationCreate" })).status).toBe(200);
  });

  it("always finds the rows that contain the text literally", async () => {
    const percent = await get(GET, "/api/associations?q=100%25");
    expect(percent.body.data.map((r: { id: string }) => r.id)).toContain("w1");
    const underscore = await get(GET, "/api/associations?q=plain_key");
    expect(underscore.body.data.map((r: { id: string }) => r.id)).toContain("w2");
  });

  it("treats % and _ literally on PostgreSQL, as wildcards on SQLite", async () => {
    const ids = (await get(GET, "/api/associations?q=plain_key&sort=id")).body.data.map((r: { id: string }) => r.id);
    expect(ids).toEqual(env().databaseKind === "postgresql" ? ["w2"] : ["w2", "w3"]);
    const all = (await get(GET, "/api/associations?q=%25&sort=id")).body.data.map((r: { id: string }) => r.id);
    expect(all).toEqual(env().databaseKind === "postgresql" ? ["w1"] : ["w1", "w2", "w3"]);
  });
});
