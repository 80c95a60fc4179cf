// GET /api/locations/{locationId} and PUT /api/locations/{locationId}/name through
// the real route handlers, and the links into HighLevel they and the pages use.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GET as locationApi } from "@/app/api/locations/[locationId]/route";
import { PUT as nameApi } from "@/app/api/locations/[locationId]/name/route";
import { GET as associationsApi } from "@/app/api/associations/route";
import { resetSessionSecret } from "@/lib/auth/secret";
import { resetEnv } from "@/lib/env";
import { locationUrl, recordUrl } from "@/lib/highlevel/links";
import { remoteAddressHeader, servedMark } from "@/lib/http/client-address";
import { LOCATION_NAME_MAX, setApiLocationName } from "@/lib/queries/location-profiles";
import { clearDatabase } from "./helpers/db";
import { get, type Json } from "./helpers/http";
import { deliverAssociation, seedBase } from "./helpers/seed";

const LOC = "eHy2cOSZxMQzQ6Yyvl8P";
const TOKEN = "pit-0123456789abcdef-SECRET-token-value";

const context = (locationId: string) => ({ params: Promise.resolve({ locationId }) });

async function put(locationId: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: Json }> {
  const response = await nameApi(
    new Request(`http://localhost:3000/api/locations/${encodeURIComponent(locationId)}/name`, {
      method: "PUT",
      headers: { "content-type": "application/json", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
    context(locationId),
  );
  return { status: response.status, body: await response.json() };
}

async function getLocation(locationId: string): Promise<{ status: number; body: Json; text: string }> {
  const response = await locationApi(new Request(`http://localhost:3000/api/locations/${encodeURIComponent(locationId)}`), context(locationId));
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text), text };
}

function expectBadName(res: { status: number; body: Json }, message: RegExp) {
  expect(res.status).toBe(400);
  expect(res.body.error.code).toBe("invalid_payload");
  expect(res.body.error.details).toEqual([expect.objectContaining({ path: "name", message: expect.stringMatching(message) })]);
}

beforeEach(async () => {
  await clearDatabase();
  await deliverAssociation(
    {
      id: "65f0aaaaaaaaaaaaaaaa0001",
      key: "buyer",
      associationType: "USER_DEFINED",
      firstObjectKey: "contact",
      firstObjectLabel: "Buyer",
      secondObjectKey: "custom_objects.property",
      secondObjectLabel: "Property",
      firstObjectToSecondObjectCardinality: null,
      secondObjectToFirstObjectCardinality: null,
      locationId: LOC,
    },
    { at: seedBase },
  );
});

afterEach(() => {
  delete process.env.HIGHLEVEL_API_TOKENS;
  delete process.env.HIGHLEVEL_APP_URL;
  resetEnv();
});

describe("PUT /api/locations/{locationId}/name", () => {
  it("sets the operator's name (trimmed): the answer, GET and the list rows show it", async () => {
    const res = await put(LOC, { name: "  Acme Dental  " });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ locationId: LOC, name: "Acme Dental", locationName: "Acme Dental", apiName: null, seen: true });
    expect((await getLocation(LOC)).body.data).toMatchObject({ name: "Acme Dental", locationName: "Acme Dental" });
    const rows = (await get(associationsApi, "/api/associations")).body.data;
    expect(rows.map((r: Json) => r.locationName)).toEqual(["Acme Dental"]);
  });

  it("null or a blank name clears it, falling back to HighLevel's name", async () => {
    await setApiLocationName(LOC, "Acme (HighLevel)");
    for (const cleared of [null, "", "   "]) {
      expect((await put(LOC, { name: "Operator's" })).body.data.locationName).toBe("Operator's");
      const res = await put(LOC, { name: cleared });
      expect(res.status, JSON.stringify(cleared)).toBe(200);
      expect(res.body.data).toMatchObject({ name: null, apiName: "Acme (HighLevel)", locationName: "Acme (HighLevel)" });
    }
  });

  it("the operator's name wins over HighLevel's, also when HighLevel's arrives later", async () => {
    await put(LOC, { name: "Front desk" });
    await setApiLocationName(LOC, "Acme Dental LLC");
    expect((await getLocation(LOC)).body.data).toMatchObject({ name: "Front desk", apiName: "Acme Dental LLC", locationName: "Front desk" });
    expect((await get(associationsApi, "/api/associations")).body.data[0].locationName).toBe("Front desk");
  });

  it(`accepts ${LOCATION_NAME_MAX} characters (counted as characters, not UTF-16 units) and refuses one more`, async () => {
    expect((await put(LOC, { name: "x".repeat(LOCATION_NAME_MAX) })).status).toBe(200);
    expect((await put(LOC, { name: "🏠".repeat(LOCATION_NAME_MAX) })).body.data.name).toBe("🏠".repeat(LOCATION_NAME_MAX));
    expectBadName(await put(LOC, { name: "x".repeat(LOCATION_NAME_MAX + 1) }), new RegExp(`at most ${LOCATION_NAME_MAX} characters`));
    expect((await getLocation(LOC)).body.data.name).toBe("🏠".repeat(LOCATION_NAME_MAX)); // the refused one changed nothing
  });

  it.each([
    ["a line break", "Acme\nDental"],
    ["a tab", "Acme\tDental"],
    ["NUL", "Acme\u0000"],
    ["a C1 control", "Acme\u0085"],
    ["a right-to-left override", "Acme \u202Eftx.exe"],
  ])("refuses %s", async (_what, name) => {
    expectBadName(await put(LOC, { name }), /control characters/);
  });

  it.each([
    ["a number", { name: 5 }],
    ["a missing name", {}],
    ["an array", ["Acme"]],
    ["a bare string", '"Acme"'],
  ])("refuses %s with the 400 envelope", async (_what, body) => {
    const res = await put(LOC, body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("invalid_payload");
    expect(res.body.error.details.length).toBeGreaterThan(0);
  });

  it("refuses extra fields, naming them", async () => {
    const res = await put(LOC, { name: "Acme", token: "x" });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.error.details)).toContain("token");
  });

  it("refuses a body that is not JSON (400), not declared JSON (415) or too large (413)", async () => {
    const notJson = await put(LOC, "{name: Acme");
    expect([notJson.status, notJson.body.error.code]).toEqual([400, "invalid_json"]);
    const form = await put(LOC, JSON.stringify({ name: "Acme" }), { "content-type": "application/x-www-form-urlencoded" });
    expect(form.status).toBe(415);
    expect(form.body.error.message).toMatch(/application\/json/);
    const huge = await put(LOC, { name: "x".repeat(20_000) });
    expect([huge.status, huge.body.error.code]).toEqual([413, "body_too_large"]);
  });

  it("refuses a write from another site (CSRF), allows the dashboard's own pages and scripts", async () => {
    const cross = await put(LOC, { name: "Evil" }, { "sec-fetch-site": "cross-site" });
    expect([cross.status, cross.body.error.code]).toEqual([403, "cross_site_request"]);
    expect((await put(LOC, { name: "Evil" }, { "sec-fetch-site": "same-site" })).status).toBe(403);
    expect((await getLocation(LOC)).body.data.name).toBeNull();
    expect((await put(LOC, { name: "Mine" }, { "sec-fetch-site": "same-origin" })).status).toBe(200);
    expect((await put(LOC, { name: "Script" })).status).toBe(200);
  });

  it("refuses a cross-site write from a browser that sends Origin but no Sec-Fetch-Site", async () => {
    const cross = await put(LOC, { name: "Evil" }, { origin: "https://evil.example" });
    expect([cross.status, cross.body.error.code]).toEqual([403, "cross_site_request"]);
    expect((await put(LOC, { name: "Evil" }, { origin: "null" })).status).toBe(403);
    expect((await getLocation(LOC)).body.data.name).toBeNull();
    expect((await put(LOC, { name: "Mine" }, { origin: "http://localhost:3000" })).status).toBe(200);
  });

  it("names a location that has sent nothing yet; GET then knows it", async () => {
    expect((await getLocation("not-sent-yet")).status).toBe(404);
    const res = await put("not-sent-yet", { name: "Opening next week" });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      locationId: "not-sent-yet",
      locationName: "Opening next week",
      seen: false,
      events: 0,
      lastEventAt: null,
      activity: null,
    });
    expect((await getLocation("not-sent-yet")).body.data.locationName).toBe("Opening next week");
  });

  it("refuses an id no location can have", async () => {
    const res = await put(" padded", { name: "x" });
    expect([res.status, res.body.error.code]).toEqual([400, "bad_request"]);
    expect((await put("x".repeat(201), { name: "x" })).status).toBe(400);
  });

  describe("with DASHBOARD_PASSWORD set", () => {
    const mark = globalThis as { [servedMark]?: unknown };
    beforeEach(() => {
      process.env.DASHBOARD_PASSWORD = "correct horse battery";
      process.env.SESSION_SECRET = "location-api test secret, long enough to use";
      mark[servedMark] = true;
      resetEnv();
      resetSessionSecret();
    });
    afterEach(() => {
      delete process.env.DASHBOARD_PASSWORD;
      delete process.env.SESSION_SECRET;
      delete mark[servedMark];
      resetEnv();
      resetSessionSecret();
    });

    it("answers 401 without credentials and changes nothing", async () => {
      const res = await put(LOC, { name: "Anonymous" }, { [remoteAddressHeader]: "203.0.113.9" });
      expect([res.status, res.body.error.code]).toEqual([401, "unauthorized"]);
      delete process.env.DASHBOARD_PASSWORD;
      resetEnv();
      expect((await getLocation(LOC)).body.data.name).toBeNull();
    });
  });
});

describe("GET /api/locations/{locationId}", () => {
  it("answers the location: names, counts, install state, token yes/no, HighLevel link", async () => {
    const res = await getLocation(LOC);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      locationId: LOC,
      locationName: null,
      name: null,
      apiName: null,
      hasToken: false,
      seen: true,
      associations: 1,
      events: 1,
      highLevelUrl: `https://app.gohighlevel.com/v2/location/${LOC}`,
      install: { state: null, installedAt: null, uninstalledAt: null, companyId: null, companyName: null, appVersion: null },
      activity: { last24h: 1, median14d: 0, silent: false, silentForMs: expect.any(Number) },
    });
  });

  it("says whether a token is configured and never includes it", async () => {
    process.env.HIGHLEVEL_API_TOKENS = JSON.stringify({ [LOC]: TOKEN, "token-only": `${TOKEN}-2` });
    resetEnv();
    const res = await getLocation(LOC);
    expect(res.body.data.hasToken).toBe(true);
    expect(res.text).not.toContain(TOKEN);
    expect(res.text).not.toContain("SECRET");
    // A location known only by its token is a location too (it may be reconciled before it sends).
    const tokenOnly = await getLocation("token-only");
    expect(tokenOnly.status).toBe(200);
    expect(tokenOnly.body.data).toMatchObject({ hasToken: true, seen: false });
    expect(tokenOnly.text).not.toContain(TOKEN);
    const named = await put(LOC, { name: "Acme" });
    expect(JSON.stringify(named.body)).not.toContain(TOKEN);
  });

  it("builds the link on HIGHLEVEL_APP_URL (a white-labelled agency's domain)", async () => {
    process.env.HIGHLEVEL_APP_URL = "https://crm.example-agency.com/";
    resetEnv();
    expect((await getLocation(LOC)).body.data.highLevelUrl).toBe(`https://crm.example-agency.com/v2/location/${LOC}`);
  });

  it("404s, in the envelope, for a location nothing is known of and for ids no location has", async () => {
    for (const id of ["never-seen", "x".repeat(201), "bad\u0000id"]) {
      const res = await getLocation(id);
      expect(res.status).toBe(404);
      expect(res.body.error).toEqual({ code: "not_found", message: "Location not found" });
    }
  });
});

describe("links into HighLevel", () => {
  it("a location and a contact record, on the default base", () => {
    expect(locationUrl(LOC)).toBe(`https://app.gohighlevel.com/v2/location/${LOC}`);
    expect(recordUrl("contact", LOC, "c0ntact1")).toBe(`https://app.gohighlevel.com/v2/location/${LOC}/contacts/detail/c0ntact1`);
  });

  it("no guessed link for any other object type", () => {
    for (const objectKey of ["custom_objects.property", "opportunity", "company", "Contact", "contacts", ""]) {
      expect(recordUrl(objectKey, LOC, "r1"), objectKey).toBeNull();
    }
  });

  it("on a white-label base from HIGHLEVEL_APP_URL, ids escaped", () => {
    process.env.HIGHLEVEL_APP_URL = "https://crm.example-agency.com//";
    resetEnv();
    expect(recordUrl("contact", "loc/1", "a?b#c")).toBe("https://crm.example-agency.com/v2/location/loc%2F1/contacts/detail/a%3Fb%23c");
    expect(locationUrl(LOC)).toBe(`https://crm.example-agency.com/v2/location/${LOC}`);
  });
});
