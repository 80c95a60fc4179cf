// One scenario for the CSV export tests, delivered through the signed webhook
// route: the seeded associations plus hostile and multi-line text, relations
// (one deleted, one retried, one with a formula for a record id), an event of
// another type with non-text fields, and one without a type.
import { expect } from "vitest";
import { GET as associationsApi } from "@/app/api/associations/route";
import { GET as eventsApi } from "@/app/api/events/route";
import { GET as relationsApi } from "@/app/api/relations/route";
import { clearDatabase } from "./db";
import { walkApi } from "./csv";
import { deliverAssociation, deliverOk, envelopeBody, seedAssociations, seedBase, seedHour } from "./seed";

export const LOC = "eHy2cOSZxMQzQ6Yyvl8P";
export const HOSTILE = "65f0ffffffffffffffff0001";
export const MULTILINE = "65f0ffffffffffffffff0002";
const at = (hours: number) => seedBase + hours * seedHour;
export const relationId = (n: number) => `7e00000000000000000000${String(n).padStart(2, "0")}`;

const relation = (n: number, associationId: string, locationId: string, firstRecordId = `contact-${n}`) => ({
  id: relationId(n),
  associationId,
  locationId,
  firstObjectKey: "contact",
  firstRecordId,
  secondObjectKey: "custom_objects.property",
  secondRecordId: `prop-${n % 3}`,
});

/** Seeds the scenario; returns how many rows each JSON API lists unfiltered. */
export async function seedExportScenario(): Promise<{ associations: number; relations: number; events: number }> {
  await clearDatabase();
  const [a, b] = await seedAssociations(14);
  if (!a || !b) throw new Error("seed failed");
  const base = {
    associationType: "USER_DEFINED",
    firstObjectKey: "contact",
    secondObjectKey: "custom_objects.x",
    locationId: LOC,
    firstObjectToSecondObjectCardinality: null,
    secondObjectToFirstObjectCardinality: null,
  };
  await deliverAssociation(
    { ...base, id: HOSTILE, key: "-5", firstObjectLabel: '=HYPERLINK("http://x")', secondObjectLabel: "<script>alert(1)</script>" },
    { at: at(20), updates: 1 },
  );
  await deliverAssociation(
    { ...base, id: MULTILINE, key: "multi, line", firstObjectLabel: 'Line 1\nLine, "2"\r\nLine 3', secondObjectLabel: "Käufer 🏠 物件" },
    { at: at(21) },
  );
  for (let n = 1; n <= 8; n++) {
    const owner = n <= 4 ? a : n <= 6 ? b : { id: HOSTILE, locationId: LOC };
    const body = envelopeBody("RelationCreate", relation(n, owner.id, owner.locationId, n === 8 ? "=cmd|' /C calc'!A0" : undefined), at(30 + n));
    await deliverOk(body);
    if (n === 3) expect((await deliverOk(body)).status).toBe("duplicate"); // a retry: duplicateCount 1
  }
  await deliverOk(envelopeBody("RelationDelete", relation(2, a.id, a.locationId), at(40)));
  await deliverOk(envelopeBody("ContactCreate", { id: "contact-9", locationId: "location-a", key: -5, firstObjectLabel: { nested: true } }, at(41)));
  await deliverOk(envelopeBody(null, { id: "thing-1" }, at(42))); // unclassified, no location
  return {
    associations: (await walkApi(associationsApi, "/api/associations", "", 500)).length,
    relations: (await walkApi(relationsApi, "/api/relations", "", 500)).length,
    events: (await walkApi(eventsApi, "/api/events", "", 500)).length,
  };
}
