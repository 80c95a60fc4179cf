// What the browser tests' fake HighLevel serves (scripts/e2e-server.mjs starts it):
// one location with a token, whose list has one association the e2e test delivers
// too and one it never delivers (a missed create). e2e/reconcile.spec.ts delivers a
// second association HighLevel does not list (a missed delete).
import { startFakeHighLevel } from "./fake-highlevel.mjs";

export const e2eReconcileLocation = "e2e-reconcile-loc";
export const e2eHighLevelToken = "e2e-pit-token-not-a-secret";

/** @param {string} id @param {string} label */
export const e2eAssociation = (id, label) => ({
  id,
  key: `${id.replaceAll("-", "_")}_key`,
  associationType: "USER_DEFINED",
  firstObjectKey: "contact",
  firstObjectLabel: label,
  secondObjectKey: "custom_objects.property",
  secondObjectLabel: "Property",
  locationId: e2eReconcileLocation,
});

export async function startE2eHighLevel() {
  const fake = await startFakeHighLevel({
    [e2eReconcileLocation]: {
      token: e2eHighLevelToken,
      name: "E2E Reconcile Realty",
      associations: [e2eAssociation("e2e-rec-both", "Buyer"), e2eAssociation("e2e-rec-missed", "Tenant")],
    },
  });
  return { url: fake.url, token: e2eHighLevelToken, close: fake.close };
}
