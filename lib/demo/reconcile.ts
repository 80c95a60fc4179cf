// The demo's reconciliation run: what a run would find if HighLevel listed the docs
// location's associations with one missing (we missed its delete), one relabelled
// (we missed the update) and one we never heard of (we missed the create). No API is
// called: "HighLevel's" list is made from our own rows, the comparison and storage
// are the real ones, and the run's trigger says "demo" so nobody takes it for a
// real run.
import { associationRowOf } from "../highlevel/api-parse";
import { compareAssociations } from "../reconcile/compare";
import { createRun, finishRun, hasRunOfTrigger, initialProgress } from "../queries/reconcile-runs";
import { locationLastHeard, ourAssociations } from "../queries/reconcile-source";

const owner = "demo";

/** Adds the demo run for `locationId` once; a second `npm run demo` leaves it as it is. */
export async function addDemoReconcileRun(locationId: string): Promise<boolean> {
  if (await hasRunOfTrigger(locationId, "demo")) return false;
  const ours = await ourAssociations(locationId);
  const active = ours.filter((a) => a.status === "active").sort((a, b) => (a.id < b.id ? -1 : 1));
  const [gone, relabelled, ...kept] = active;
  if (!gone || !relabelled) return false;
  const listed = [
    ...kept.map((a) => ({ ...a })),
    { ...relabelled, secondObjectLabel: `${relabelled.secondObjectLabel} (renamed in HighLevel)` },
    {
      ...relabelled,
      id: "demo0000000000000000missed",
      key: "demo_missed_association",
      firstObjectLabel: "Referrer",
      secondObjectLabel: "Referred client",
    },
  ];
  const theirs = listed.flatMap((a) => {
    const row = associationRowOf({
      id: a.id,
      key: a.key,
      associationType: a.associationType,
      firstObjectKey: a.firstObjectKey,
      firstObjectLabel: a.firstObjectLabel,
      secondObjectKey: a.secondObjectKey,
      secondObjectLabel: a.secondObjectLabel,
      locationId,
    });
    return row ? [row] : [];
  });
  const findings = compareAssociations(ours, theirs, { complete: true, locationLastHeard: await locationLastHeard(locationId) });
  const runId = await createRun(locationId, "demo", owner);
  const progress = { ...initialProgress(), phase: "done" as const, pages: 1, associationsFetched: theirs.length, rowsCompared: ours.length };
  await finishRun(runId, locationId, { status: "done", progress, findings, error: null, unparsed: [] });
  return true;
}
