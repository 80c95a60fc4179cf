// The association's state card: now (the projected row), or at a past moment replayed
// from the log (lib/queries/state-at.ts), with the picker that chooses the moment.
import Link from "next/link";
import type { ReactNode } from "react";
import { LocalTime } from "@/components/local-time";
import { LocationLabel } from "@/components/location-label";
import { OpenInHighLevel } from "@/components/open-in-highlevel";
import { InvalidFilters } from "@/components/states";
import { Card } from "@/components/ui/card";
import { linkClass } from "@/components/ui/styles";
import { locationUrl } from "@/lib/highlevel/links";
import type { AssociationListRow } from "@/lib/queries/associations";
import type { AssociationAt } from "@/lib/queries/state-at";
import { StateTimePicker } from "./state-time-picker";

function rows(a: AssociationListRow): [string, ReactNode][] {
  return [
    ["id", a.id],
    ["key", a.key],
    ["associationType", a.associationType],
    ["firstObjectKey", a.firstObjectKey],
    ["firstObjectLabel", a.firstObjectLabel],
    ["secondObjectKey", a.secondObjectKey],
    ["secondObjectLabel", a.secondObjectLabel],
    ["firstObjectToSecondObjectCardinality", a.firstObjectToSecondObjectCardinality ?? "—"],
    ["secondObjectToFirstObjectCardinality", a.secondObjectToFirstObjectCardinality ?? "—"],
    [
      "location",
      <span key="l" className="inline-flex flex-wrap items-baseline justify-end gap-x-3">
        <LocationLabel id={a.locationId} name={a.locationName} />
        <OpenInHighLevel href={locationUrl(a.locationId)} />
      </span>,
    ],
    ["status", a.status],
    ["first seen", <LocalTime key="f" value={a.firstSeenAt} />],
    ["last event", <LocalTime key="e" value={a.lastEventAt} />],
    ["deleted", <LocalTime key="d" value={a.deletedAt} />],
    ["events", a.eventCount],
  ];
}

function Title({ past }: { past: AssociationAt | null }) {
  if (!past) return <>Current state</>;
  if (past.found && past.asOf.afterEvent !== null) {
    return (
      <>
        State after event #{past.asOf.afterEvent} (event time <LocalTime value={past.asOf.at} />)
      </>
    );
  }
  if (past.found) {
    return (
      <>
        State as of <LocalTime value={past.asOf.at} /> {past.asOf.basis === "received" ? "(by receive time)" : "(by event time)"}
      </>
    );
  }
  return <>State in the past</>;
}

export function StateCard({
  id,
  current,
  past,
  at,
  basis,
  issues,
}: {
  id: string;
  current: AssociationListRow;
  /** The replayed state when the URL asks for one. */
  past: AssociationAt | null;
  at: string | null;
  basis: "event" | "received";
  issues: { path: string; message: string }[] | null;
}) {
  const shown = past?.found ? past.association : past ? null : current;
  return (
    <Card title={<Title past={past} />}>
      <div className="mb-3 space-y-2">
        <StateTimePicker at={at} basis={basis} />
        {past?.found && (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            Replayed from the {past.asOf.associationEvents.toLocaleString("en-US")} stored event{past.asOf.associationEvents === 1 ? "" : "s"} of this
            association
            {past.asOf.basis === "received"
              ? " received by then"
              : past.asOf.afterEvent !== null
                ? " up to that event in event-time order"
                : " whose event time is not later"}{" "}
            (and {past.asOf.relationEvents.toLocaleString("en-US")} of its relations&apos;), with the projection&apos;s rules; events pruned by retention are
            not included. {/* Underlined: a link inside a sentence must not be told apart by colour alone. */}
            <Link className={`${linkClass} underline`} href={`/associations/${encodeURIComponent(id)}`}>
              Back to the current state
            </Link>
          </p>
        )}
      </div>
      {issues && <InvalidFilters issues={issues} resetHref={`/associations/${encodeURIComponent(id)}`} />}
      {past && !past.found && (
        <p role="status" className="mb-3 rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
          {past.reason === "before_first" ? (
            <>
              No state at that time: this association&apos;s first event is #{past.firstEventId}, {past.basis === "received" ? "received" : "with event time"}{" "}
              <LocalTime value={past.firstEventAt} />.
            </>
          ) : past.reason === "event_not_in_history" ? (
            <>Event #{past.eventId} is not an event of this association or of its relations.</>
          ) : (
            <>No stored event of this association.</>
          )}
        </p>
      )}
      {shown && (
        <dl className="grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-2">
          {rows(shown).map(([label, value]) => (
            <div key={label} className="flex flex-wrap justify-between gap-2 border-b border-zinc-100 py-1 dark:border-zinc-800">
              <dt className="font-mono text-xs text-zinc-600 dark:text-zinc-400">{label}</dt>
              <dd className="break-all">{value}</dd>
            </div>
          ))}
        </dl>
      )}
    </Card>
  );
}
