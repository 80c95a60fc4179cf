// The install lifecycle fold: newest event decides the state, each field comes from
// the newest event carrying it, and neither arrival order nor a stored row built from
// part of the events changes the result.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { emptyInstallState, foldInstallEvents, mergeInstallState, parseInstallBody, type InstallEvent } from "./projection-install";

const t = (minute: number) => new Date(Date.UTC(2026, 2, 1, 10, minute));
const ev = (eventId: number, type: InstallEvent["type"], minute: number, fields: Partial<InstallEvent> = {}): InstallEvent => ({
  type,
  at: t(minute),
  eventId,
  locationIds: ["loc"],
  companyId: null,
  companyName: null,
  versionId: null,
  ...fields,
});

describe("foldInstallEvents", () => {
  it("is empty for no events", () => {
    expect(foldInstallEvents([])).toEqual(emptyInstallState);
  });

  it("takes the state from the newest event and the times from the newest of each type", () => {
    const state = foldInstallEvents([
      ev(1, "INSTALL", 1, { companyId: "co-1", versionId: "v1", companyName: "Acme" }),
      ev(2, "UNINSTALL", 5, { companyId: "co-1" }),
      ev(3, "INSTALL", 3, { versionId: "v2" }),
    ]);
    expect(state).toEqual({
      installState: "uninstalled",
      installedAt: t(3),
      uninstalledAt: t(5),
      companyId: "co-1",
      companyName: "Acme",
      appVersion: "v2",
      installAt: t(5),
      installEventId: 2,
    });
  });

  it("breaks a tie in time by event id", () => {
    expect(foldInstallEvents([ev(8, "INSTALL", 1), ev(7, "UNINSTALL", 1)]).installState).toBe("installed");
    expect(foldInstallEvents([ev(6, "INSTALL", 1), ev(7, "UNINSTALL", 1)]).installState).toBe("uninstalled");
  });

  it("takes each field from the newest event carrying it, not from the first to arrive", () => {
    // Only the two older events carry a company name: the newer of them wins in every order.
    const events = [ev(1, "INSTALL", 1, { companyName: "Old" }), ev(2, "INSTALL", 2, { companyName: "New" }), ev(3, "UNINSTALL", 3)];
    for (const order of [
      [0, 1, 2],
      [2, 0, 1],
      [2, 1, 0],
      [1, 0, 2],
    ]) {
      expect(foldInstallEvents(order.flatMap((i) => events[i] ?? [])).companyName).toBe("New");
    }
  });
});

const arbitraryEvent = fc.record({
  type: fc.constantFrom("INSTALL" as const, "UNINSTALL" as const),
  minute: fc.integer({ min: 0, max: 5 }),
  companyId: fc.option(fc.constantFrom("co-1", "co-2"), { nil: null }),
  companyName: fc.option(fc.constantFrom("Acme", "Beta"), { nil: null }),
  versionId: fc.option(fc.constantFrom("v1", "v2", "v3"), { nil: null }),
});
const events = fc
  .array(arbitraryEvent, { minLength: 1, maxLength: 10 })
  .map((list) => list.map((e, i) => ev(i + 1, e.type, e.minute, { companyId: e.companyId, companyName: e.companyName, versionId: e.versionId })));

describe("install state does not depend on arrival order", () => {
  it("folds any permutation to the same state", () => {
    fc.assert(
      fc.property(events, fc.array(fc.nat()), (list, keys) => {
        const shuffled = list
          .map((e, i) => ({ e, k: keys[i] ?? i }))
          .sort((a, b) => a.k - b.k)
          .map((x) => x.e);
        expect(foldInstallEvents(shuffled)).toEqual(foldInstallEvents(list));
      }),
    );
  });

  it("merging the folds of growing prefixes of any arrival order ends at the fold of all", () => {
    fc.assert(
      fc.property(events, fc.array(fc.nat()), fc.array(fc.boolean()), (list, keys, cuts) => {
        const arrival = list
          .map((e, i) => ({ e, k: keys[i] ?? i }))
          .sort((a, b) => a.k - b.k)
          .map((x) => x.e);
        // The projector folds every stored event at each batch boundary and merges into the row.
        let stored = emptyInstallState;
        for (let i = 1; i <= arrival.length; i++) {
          if (i === arrival.length || cuts[i]) stored = mergeInstallState(stored, foldInstallEvents(arrival.slice(0, i)));
        }
        expect(stored).toEqual(foldInstallEvents(list));
      }),
    );
  });

  it("keeps later times the log no longer holds (pruned by retention)", () => {
    const pruned = foldInstallEvents([ev(1, "INSTALL", 1, { companyName: "Acme" }), ev(2, "UNINSTALL", 4)]);
    const merged = mergeInstallState(pruned, foldInstallEvents([ev(3, "INSTALL", 2)]));
    expect(merged).toMatchObject({ installState: "uninstalled", installedAt: t(2), uninstalledAt: t(4), companyName: "Acme", installEventId: 2 });
  });
});

describe("parseInstallBody", () => {
  const at = t(0);
  it("names locationId and each of locationIds once", () => {
    const parsed = parseInstallBody("INSTALL", { locationId: "a", locationIds: ["b", "a", 7, "", null, "c"], companyId: "co", versionId: "v" }, at, 1);
    expect(parsed).toEqual({
      ok: true,
      truncated: false,
      event: { type: "INSTALL", at, eventId: 1, locationIds: ["a", "b", "c"], companyId: "co", companyName: null, versionId: "v" },
    });
  });

  it("treats non-string fields as absent and refuses bodies naming no location", () => {
    expect(parseInstallBody("UNINSTALL", { locationId: "a", companyId: 5, companyName: { x: 1 } }, at, 1)).toMatchObject({
      ok: true,
      event: { companyId: null, companyName: null },
    });
    expect(parseInstallBody("INSTALL", { companyId: "co" }, at, 1)).toEqual({ ok: false, reason: "names no locationId or locationIds" });
    expect(parseInstallBody("INSTALL", { locationIds: "a" }, at, 1).ok).toBe(false);
    expect(parseInstallBody("INSTALL", ["a"], at, 1).ok).toBe(false);
    expect(parseInstallBody("INSTALL", null, at, 1).ok).toBe(false);
  });
});
