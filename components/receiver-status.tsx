// What the overview says about the write path: a banner when the derived state
// trails the event log by more than the threshold, and the receiver's own refusals
// (429: it could not store a delivery in time, so HighLevel will retry it).
import { LocalTime } from "./local-time";
import type { ProjectorStatus } from "@/lib/queries/projector-status";
import type { receiverStats } from "@/lib/receiver-stats";

/** Lag above which the overview warns (issue: "more than 5 s"). */
const lagWarningSeconds = 5;

export function ProjectionLagBanner({ projector }: { projector: ProjectorStatus }) {
  if (projector.lagSeconds <= lagWarningSeconds) return null;
  return (
    <p
      role="status"
      className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
    >
      <strong>Projection is {Math.round(projector.lagSeconds).toLocaleString("en-US")} s behind.</strong> {projector.behind.toLocaleString("en-US")} stored
      event{projector.behind === 1 ? " is" : "s are"} not yet in the lists and counts (oldest received <LocalTime value={projector.oldestUnprojectedAt} />
      ). Every acknowledged delivery is stored; the pages catch up by themselves.{" "}
      {projector.owner ? `Projecting: ${projector.owner}.` : "No process holds the projector's lease: is a server running?"}
    </p>
  );
}

export function ReceiverRefusals({ stats }: { stats: ReturnType<typeof receiverStats> }) {
  const { refused429, lastRefusal } = stats;
  if (refused429.total === 0) {
    return (
      <span>
        receiver answered no 429 since <LocalTime value={stats.since} />
      </span>
    );
  }
  return (
    <span className="text-amber-800 dark:text-amber-300">
      receiver answered <strong>{refused429.total.toLocaleString("en-US")} × 429</strong> since <LocalTime value={stats.since} /> (HighLevel retries them
      {lastRefusal ? `; last: ${lastRefusal.reason.replaceAll("_", " ")}, ` : ""}
      {lastRefusal && <LocalTime value={lastRefusal.at} />})
    </span>
  );
}

/** Shown while neither allow-list is set: a signature alone does not say the delivery is for our app. */
export function OpenReceiverNotice({ allowedApps, allowedLocations }: { allowedApps: number; allowedLocations: number }) {
  if (allowedApps > 0 || allowedLocations > 0) return null;
  return (
    <p
      role="status"
      className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
    >
      <strong>Deliveries of any HighLevel app are accepted.</strong> HighLevel signs every app&apos;s webhooks with the same key, so anyone can point their own
      HighLevel app at this URL. Set <code>HIGHLEVEL_APP_ID</code> (or <code>HIGHLEVEL_CLIENT_ID</code>) to your app&apos;s id to refuse the others, and
      optionally <code>HIGHLEVEL_LOCATION_IDS</code> to accept only your locations.
    </p>
  );
}
