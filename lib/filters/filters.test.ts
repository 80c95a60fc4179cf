import { describe, expect, it } from "vitest";
import { z } from "zod";
import { associationFiltersSchema } from "./associations";
import { encodeCursor, paramsRecord } from "./common";
import { eventFiltersSchema } from "./events";
import { locationFiltersSchema } from "./locations";
import { rejectedFiltersSchema } from "./rejected";
import { relationFiltersSchema } from "./relations";

const params = (query: string) => paramsRecord(new URLSearchParams(query));
const associations = (query: string) => associationFiltersSchema.parse(params(query));

/** The ZodError a query produces, with each issue as "path: message". */
function failure(schema: z.ZodType, query: string): string[] {
  const result = schema.safeParse(params(query));
  expect(result.success, `expected ${query} to be refused`).toBe(false);
  if (result.success) return [];
  expect(result.error).toBeInstanceOf(z.ZodError);
  return result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}

describe("paramsRecord", () => {
  it("joins repeated keys with commas and keeps single keys as they are", () => {
    expect(params("status=active&status=deleted&q=x")).toEqual({ status: "active,deleted", q: "x" });
  });

  it("reads Next's searchParams object: arrays joined, undefined dropped", () => {
    expect(paramsRecord({ status: ["active", "deleted"], q: "x", locationId: undefined })).toEqual({
      status: "active,deleted",
      q: "x",
    });
  });
});

describe("associationFiltersSchema", () => {
  it("defaults to sort -lastEventAt and limit 50 with nothing set", () => {
    expect(associations("")).toEqual({ sort: { key: "lastEventAt", desc: true }, limit: 50 });
  });

  it("treats blank text, list and date params as not set", () => {
    expect(associations("q=%20&status=&from=&locationId=&sort=")).toEqual({ sort: { key: "lastEventAt", desc: true }, limit: 50 });
  });

  it("parses valid values", () => {
    const f = associations("locationId=loc-1&associationType=USER_DEFINED&status=deleted&objectKey=contact&q=%20buyer%20&sort=key&limit=500");
    expect(f).toEqual({
      locationId: "loc-1",
      associationType: ["USER_DEFINED"],
      status: ["deleted"],
      objectKey: "contact",
      q: "buyer",
      sort: { key: "key", desc: false },
      limit: 500,
    });
    expect(associations("sort=-eventCount").sort).toEqual({ key: "eventCount", desc: true });
  });

  it("accepts repeated params and comma lists alike", () => {
    expect(associations("status=active&status=deleted").status).toEqual(["active", "deleted"]);
    expect(associations("status=active,%20deleted,").status).toEqual(["active", "deleted"]);
    expect(associations("associationType=USER_DEFINED,SYSTEM_DEFINED").associationType).toEqual(["USER_DEFINED", "SYSTEM_DEFINED"]);
  });

  it("refuses an unknown status, naming the value and the allowed ones", () => {
    expect(failure(associationFiltersSchema, "status=active,archived")).toEqual(['status: "archived" is not one of active, deleted']);
  });

  it("refuses an unknown associationType", () => {
    expect(failure(associationFiltersSchema, "associationType=user_defined")[0]).toMatch(
      /^associationType: "user_defined" is not one of USER_DEFINED, SYSTEM_DEFINED/,
    );
  });

  it.each(["password", "-password", "--key", "lastEventAt;drop"])("refuses sort key %j", (sort) => {
    expect(failure(associationFiltersSchema, `sort=${encodeURIComponent(sort)}`)[0]).toMatch(/^sort: must be one of lastEventAt, /);
  });

  it.each([
    ["0", /must be at least 1/],
    ["501", /must be at most 500/],
    ["abc", /must be a number/],
    ["1.5", /must be a whole number/],
    ["-3", /must be at least 1/],
  ])("refuses limit=%s", (limit, message) => {
    const issues = failure(associationFiltersSchema, `limit=${limit}`);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(/^limit: /);
    expect(issues[0]).toMatch(message);
  });

  it.each(["yesterday", "2026-13-45", "2026-1-5", "01/31/2026", "2026-01-31T25:00:00Z"])("refuses date %j", (date) => {
    for (const field of ["from", "to"]) {
      expect(failure(associationFiltersSchema, `${field}=${encodeURIComponent(date)}`)).toEqual([
        `${field}: must be an ISO 8601 date or date-time, e.g. 2026-01-31 or 2026-01-31T12:00:00Z`,
      ]);
    }
  });

  it("refuses calendar dates that do not exist instead of rolling them over", () => {
    expect(failure(associationFiltersSchema, "from=2026-02-31")[0]).toMatch(/^from: must be an ISO 8601 date/);
    expect(failure(associationFiltersSchema, "to=2026-04-31T10:00:00Z")[0]).toMatch(/^to: must be an ISO 8601 date/);
    expect(associations("from=2028-02-29").from).toEqual(new Date(Date.UTC(2028, 1, 29)));
  });

  it("reads a bare from as the start and a bare to as the end of that day, UTC", () => {
    const f = associations("from=2026-01-31&to=2026-01-31");
    expect(f.from?.toISOString()).toBe("2026-01-31T00:00:00.000Z");
    expect(f.to?.toISOString()).toBe("2026-01-31T23:59:59.999Z");
  });

  it("keeps full date-times with their offset", () => {
    expect(associations("from=2026-01-31T12:00:00%2B02:00").from?.toISOString()).toBe("2026-01-31T10:00:00.000Z");
  });

  it("refuses from after to, on the from field", () => {
    expect(failure(associationFiltersSchema, "from=2026-02-01&to=2026-01-31")).toEqual(["from: from must not be after to"]);
    expect(associations("from=2026-01-31T23:00:00Z&to=2026-01-31").from).toBeInstanceOf(Date);
  });

  it("round-trips a cursor written by encodeCursor", () => {
    const cursor: [string | number | null, string] = ["2026-01-31T10:00:00.000Z", "assoc-1"];
    expect(associations(`cursor=${encodeCursor(cursor)}`).cursor).toEqual(cursor);
    expect(associations(`sort=deletedAt&cursor=${encodeCursor([null, "assoc-2"])}`).cursor).toEqual([null, "assoc-2"]);
    expect(associations(`sort=-eventCount&cursor=${encodeCursor([7, "assoc-3"])}`).cursor).toEqual([7, "assoc-3"]);
  });

  it.each([
    ["a number under a date sort", "", [7, "assoc-3"]],
    ["null under a sort that is never null", "sort=key&", [null, "assoc-2"]],
    ["text under a number sort", "sort=eventCount&", ["7", "assoc-3"]],
    ["a value outside a closed set", "sort=status&", ["gone", "assoc-4"]],
  ])("refuses %s as a cursor for another sort, in the schema", (_what, sort, cursor) => {
    expect(failure(associationFiltersSchema, `${sort}cursor=${encodeCursor(cursor)}`)).toEqual(["cursor: is not a cursor this server issued for this sort"]);
    expect(failure(associationFiltersSchema, `${sort}before=${encodeCursor(cursor)}`)).toEqual(["before: is not a cursor this server issued for this sort"]);
  });

  it.each(["garbage", "%7B%7D", encodeCursor({ a: 1 }), encodeCursor(["x"]), encodeCursor([true, "a"])])(
    "refuses cursor %j as not issued by this server",
    (cursor) => {
      expect(failure(associationFiltersSchema, `cursor=${cursor}`)).toEqual(["cursor: is not a cursor this server issued"]);
    },
  );

  it("reports every bad param at once", () => {
    const issues = failure(associationFiltersSchema, "status=gone&limit=0&sort=nope");
    expect(issues.map((i) => i.split(":")[0]).sort()).toEqual(["limit", "sort", "status"]);
  });
});

describe("eventFiltersSchema", () => {
  const events = (query: string) => eventFiltersSchema.parse(params(query));

  it("defaults to limit 50 and splits any event type names", () => {
    expect(events("")).toEqual({ limit: 50 });
    expect(events("type=AssociationCreate,%20ContactCreate&type=RelationDelete").type).toEqual(["AssociationCreate", "ContactCreate", "RelationDelete"]);
  });

  it("checks kind and verification against their lists", () => {
    expect(events("kind=association,unclassified&verification=rsa")).toMatchObject({
      kind: ["association", "unclassified"],
      verification: ["rsa"],
    });
    expect(failure(eventFiltersSchema, "kind=contact")[0]).toMatch(/^kind: "contact" is not one of association, relation, other/);
    expect(failure(eventFiltersSchema, "verification=sha1")[0]).toMatch(/^verification: "sha1" is not one of ed25519, rsa, unverified/);
  });

  it("takes a positive integer cursor only", () => {
    expect(events(`cursor=${encodeCursor(42)}`).cursor).toBe(42);
    for (const bad of [encodeCursor(0), encodeCursor(-1), encodeCursor(1.5), encodeCursor("42")]) {
      expect(failure(eventFiltersSchema, `cursor=${bad}`)).toEqual(["cursor: is not a cursor this server issued"]);
    }
  });

  it("refuses from after to", () => {
    expect(failure(eventFiltersSchema, "from=2026-03-02&to=2026-03-01")).toEqual(["from: from must not be after to"]);
  });
});

describe("rejected, relations and locations filters", () => {
  it("rejected: parses causes and refuses unknown ones", () => {
    expect(rejectedFiltersSchema.parse(params("cause=bad_signature&cause=body_too_large"))).toEqual({
      cause: ["bad_signature", "body_too_large"],
      limit: 50,
    });
    expect(failure(rejectedFiltersSchema, "cause=timeout")[0]).toMatch(/^cause: "timeout" is not one of invalid_json/);
    expect(failure(rejectedFiltersSchema, "to=2026-01-01&from=2026-01-02")).toEqual(["from: from must not be after to"]);
  });

  it("relations: parses status and a [string, string] cursor", () => {
    const cursor: [string, string] = ["2026-01-31T10:00:00.000Z", "rel-1"];
    expect(relationFiltersSchema.parse(params(`status=active&recordId=c-1&cursor=${encodeCursor(cursor)}`))).toEqual({
      status: ["active"],
      recordId: "c-1",
      cursor,
      limit: 50,
    });
    expect(failure(relationFiltersSchema, `cursor=${encodeCursor([null, "rel-1"])}`)).toEqual(["cursor: is not a cursor this server issued"]);
  });

  it("locations: defaults to limit 100 and allows up to 1000", () => {
    expect(locationFiltersSchema.parse(params(""))).toEqual({ limit: 100, silent: false, sort: { key: "lastReceived", desc: true } });
    expect(locationFiltersSchema.parse(params("limit=1000")).limit).toBe(1000);
    expect(failure(locationFiltersSchema, "limit=1001")[0]).toMatch(/^limit: must be at most 1000/);
  });
});
