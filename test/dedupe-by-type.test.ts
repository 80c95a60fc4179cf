// Without a webhookId, identical bytes sent to two different per-event URLs are
// two events (HighLevel's Update and Delete examples are byte-identical).
import { beforeEach, describe, expect, it } from "vitest";
import { getAssociation } from "@/lib/queries/associations";
import { clearDatabase } from "./helpers/db";
import { deliver, fixture } from "./helpers/http";

describe("deduplication without webhookId", () => {
  beforeEach(clearDatabase);

  it("keeps an AssociationDelete whose body equals the AssociationUpdate's", async () => {
    expect(fixture("AssociationUpdate")).toBe(fixture("AssociationDelete"));
    const update = await deliver(fixture("AssociationUpdate"), { eventType: "AssociationUpdate" });
    const del = await deliver(fixture("AssociationDelete"), { eventType: "AssociationDelete" });
    expect(update.body.status).toBe("stored");
    expect(del.body.status).toBe("stored");
    expect(del.body.eventId).not.toBe(update.body.eventId);
    expect(await getAssociation("67ade73d1119d2ac7ad0c475")).toMatchObject({ status: "deleted", eventCount: 2 });
  });

  it("still treats the same bytes on the same URL as a duplicate", async () => {
    const first = await deliver(fixture("RelationCreate"), { eventType: "RelationCreate" });
    const again = await deliver(fixture("RelationCreate"), { eventType: "RelationCreate" });
    expect(again.body).toEqual({ status: "duplicate", eventId: first.body.eventId });
    const deleted = await deliver(fixture("RelationDelete"), { eventType: "RelationDelete" });
    expect(deleted.body.status).toBe("stored");
  });
});
