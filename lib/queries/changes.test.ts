import { describe, expect, it } from "vitest";
import { bodyFields, changedFields } from "./changes";

const fields = ["firstObjectLabel", "secondObjectLabel", "firstObjectToSecondObjectCardinality"] as const;
const t = (minute: number) => new Date(Date.UTC(2026, 2, 1, 10, minute));
const raw = (body: unknown) => new Uint8Array(Buffer.from(typeof body === "string" ? body : JSON.stringify(body), "utf8"));
const event = (id: number, type: string | null, minute: number, body: unknown) => ({ id, type, occurredAt: t(minute), rawBody: raw(body) });

describe("changedFields", () => {
  it("reports each event's changes against the state before it, starting from null", () => {
    const create = event(1, "AssociationCreate", 1, { firstObjectLabel: "Buyer", secondObjectLabel: "Property" });
    const update = event(2, "AssociationUpdate", 2, {
      firstObjectLabel: "Owner",
      secondObjectLabel: "Property",
      firstObjectToSecondObjectCardinality: "ONE_TO_MANY",
    });
    expect(changedFields([create, update], fields).map((h) => h.changes)).toEqual([
      [
        { field: "firstObjectLabel", from: null, to: "Buyer" },
        { field: "secondObjectLabel", from: null, to: "Property" },
      ],
      [
        { field: "firstObjectLabel", from: "Buyer", to: "Owner" },
        { field: "firstObjectToSecondObjectCardinality", from: null, to: "ONE_TO_MANY" },
      ],
    ]);
  });

  it("replays in projection order (time, then Delete > Update > Create, then id), not arrival order", () => {
    const update = event(1, "AssociationUpdate", 5, { firstObjectLabel: "Updated" });
    const del = event(2, "AssociationDelete", 5, { firstObjectLabel: "Deleted" });
    const create = event(3, "AssociationCreate", 5, { firstObjectLabel: "Created" });
    const earlier = event(4, "AssociationUpdate", 2, { firstObjectLabel: "Early" });
    const history = changedFields([del, create, update, earlier], fields);
    expect(history.map((h) => h.event.id)).toEqual([4, 3, 1, 2]);
    expect(history.map((h) => h.changes[0]?.to)).toEqual(["Early", "Created", "Updated", "Deleted"]);
    expect(history[3]?.changes).toEqual([{ field: "firstObjectLabel", from: "Updated", to: "Deleted" }]);
  });

  it("ignores fields that are missing, not strings or not tracked, and keeps the previous value", () => {
    const history = changedFields(
      [
        event(1, "AssociationUpdate", 1, { firstObjectLabel: "A", firstObjectToSecondObjectCardinality: "ONE_TO_ONE" }),
        event(2, "AssociationCreate", 2, { firstObjectLabel: "A", firstObjectToSecondObjectCardinality: null, key: "new" }),
        event(3, "AssociationUpdate", 3, { firstObjectLabel: 7, firstObjectToSecondObjectCardinality: "ONE_TO_ONE" }),
        event(4, "AssociationUpdate", 4, { firstObjectLabel: "B", firstObjectToSecondObjectCardinality: "MANY_TO_MANY" }),
      ],
      fields,
    );
    expect(history[1]?.changes).toEqual([]);
    expect(history[2]?.changes).toEqual([]);
    expect(history[3]?.changes).toEqual([
      { field: "firstObjectLabel", from: "A", to: "B" },
      { field: "firstObjectToSecondObjectCardinality", from: "ONE_TO_ONE", to: "MANY_TO_MANY" },
    ]);
  });

  it("gives no changes for bodies that are not JSON objects, and unknown types rank lowest", () => {
    const history = changedFields(
      [event(2, "ContactCreate", 1, "not json"), event(1, null, 1, [1, 2]), event(3, "AssociationCreate", 1, { firstObjectLabel: "X" })],
      fields,
    );
    expect(history.map((h) => h.event.id)).toEqual([1, 2, 3]);
    expect(history.map((h) => h.changes.length)).toEqual([0, 0, 1]);
  });

  it("does not reorder the caller's array", () => {
    const events = [event(2, "AssociationUpdate", 2, {}), event(1, "AssociationCreate", 1, {})];
    changedFields(events, fields);
    expect(events.map((e) => e.id)).toEqual([2, 1]);
  });
});

describe("bodyFields", () => {
  it("parses a JSON object body and returns {} for anything else", () => {
    expect(bodyFields(raw({ a: "b" }))).toEqual({ a: "b" });
    for (const body of ["[1]", "null", '"text"', "{broken", ""]) expect(bodyFields(raw(body))).toEqual({});
  });
});
