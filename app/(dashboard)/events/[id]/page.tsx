// One stored delivery: what it is, what it changed, its headers and raw body.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { FieldChanges } from "@/components/field-changes";
import { JsonBlock } from "@/components/json-block";
import { LocalTime } from "@/components/local-time";
import { LocationLabel } from "@/components/location-label";
import { Card } from "@/components/ui/card";
import { linkClass } from "@/components/ui/styles";
import { VerificationBadge } from "@/components/verification-badge";
import { env } from "@/lib/env";
import { kindExplanations } from "@/lib/highlevel/explanations";
import { getEvent, getEventChanges } from "@/lib/queries/events";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Event ${(await params).id.slice(0, 12)}` };
}

function appIdFact(appId: string | null): string {
  const allowed = env().allowedAppIds;
  if (appId === null) return "— (none: the body does not say which HighLevel app it is for)";
  return allowed.has(appId) ? `${appId} (one of HIGHLEVEL_APP_ID)` : appId;
}

export default async function EventPage({ params }: Props) {
  const { id } = await params;
  const event = /^[1-9]\d{0,9}$/.test(id) && Number(id) <= 2_147_483_647 ? await getEvent(Number(id)) : null;
  if (!event) notFound();
  const changes = await getEventChanges(event);
  const facts: [string, React.ReactNode][] = [
    ["type", event.type ?? "— (none)"],
    ["kind", event.kind],
    ["location", <LocationLabel key="l" id={event.locationId} name={event.locationName} />],
    [
      "subject",
      event.subjectId ? (
        event.kind === "association" ? (
          <Link key="s" className={linkClass} href={`/associations/${encodeURIComponent(event.subjectId)}`}>
            {event.subjectId}
          </Link>
        ) : (
          event.subjectId
        )
      ) : (
        "—"
      ),
    ],
    [
      "association",
      event.kind === "relation" && event.associationId ? (
        <Link key="a" className={linkClass} href={`/associations/${encodeURIComponent(event.associationId)}`}>
          {event.associationId}
        </Link>
      ) : (
        "—"
      ),
    ],
    [
      "webhookId",
      event.webhookId ?? (event.verification === "reconciled" ? "— (not a delivery: one event per applied finding)" : "— (deduplicated by body hash)"),
    ],
    ["app (appId)", appIdFact(event.appId)],
    ["event time (body timestamp)", <LocalTime key="t" value={event.eventTimestamp} />],
    ["received", <LocalTime key="r" value={event.receivedAt} />],
    ["last seen", <LocalTime key="ls" value={event.lastSeenAt} />],
    ["duplicates", event.duplicateCount],
    ["signature", <VerificationBadge key="v" verification={event.verification} signedForm={event.signedForm} reconcileRunId={event.reconcileRunId} />],
    ["URL style", event.route === "path" ? "per-event URL" : event.route === "reconcile" ? "none (appended by reconciliation)" : "generic URL"],
    ["size", `${event.bodySize.toLocaleString("en-US")} bytes`],
    ...(event.receivedSha256 !== null
      ? [
          [
            "received bytes",
            `${(event.receivedSize ?? 0).toLocaleString("en-US")} bytes, SHA-256 ${event.receivedSha256}; the body below is the canonical JSON form the signature covers`,
          ] satisfies [string, React.ReactNode],
        ]
      : []),
  ];
  return (
    <>
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link className={linkClass} href="/events">
          Events
        </Link>{" "}
        / <span>#{event.id}</span>
      </nav>
      <h1 className="text-2xl font-semibold">
        {event.type ?? "Unclassified event"} <span className="text-zinc-500">#{event.id}</span>
      </h1>
      <p className="text-sm text-zinc-700 dark:text-zinc-300">{kindExplanations[event.kind]}</p>
      {event.verification === "reconciled" && (
        <p
          role="note"
          className="rounded border border-violet-300 bg-violet-50 p-3 text-sm text-violet-900 dark:border-violet-700 dark:bg-violet-950 dark:text-violet-200"
        >
          <strong>Not a HighLevel delivery.</strong> This event was appended here when a finding of reconciliation run
          {event.reconcileRunId ? ` #${event.reconcileRunId}` : ""} was applied: it records what HighLevel&apos;s API said at that time
          {event.locationId ? (
            <>
              {" "}
              (see{" "}
              <Link className={linkClass} href={`/locations/${encodeURIComponent(event.locationId)}`}>
                the location&apos;s reconciliation
              </Link>
              )
            </>
          ) : null}
          .
        </p>
      )}
      {event.sameBytesAs !== null && (
        <p
          role="note"
          className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-200"
        >
          Same bytes as event{" "}
          <Link className={linkClass} href={`/events/${event.sameBytesAs}`}>
            #{event.sameBytesAs}
          </Link>
          , which was stored under another event type. The body has no webhookId or type, so the URL it was posted to decided its type: if HighLevel did not
          send it to this URL, it is a replay of that delivery.
        </p>
      )}
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Delivery">
          <dl className="space-y-1 text-sm">
            {facts.map(([label, value]) => (
              <div key={label} className="flex flex-wrap justify-between gap-2 border-b border-zinc-100 py-1 dark:border-zinc-800">
                <dt className="text-zinc-600 dark:text-zinc-400">{label}</dt>
                <dd className="break-all">{value}</dd>
              </div>
            ))}
          </dl>
        </Card>
        <Card title="What it changed">
          {changes === null ? (
            <p className="text-sm text-zinc-600 dark:text-zinc-400">Not projected: this event changes no association or relation.</p>
          ) : (
            <FieldChanges changes={changes} />
          )}
        </Card>
      </div>
      <Card title="Headers">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Request headers kept with the event</caption>
          <tbody>
            {Object.entries(event.headers).map(([name, value]) => (
              <tr key={name} className="border-t border-zinc-100 dark:border-zinc-800">
                <th scope="row" className="py-1 pr-4 font-mono text-xs font-normal text-zinc-600 dark:text-zinc-400">
                  {name}
                </th>
                <td className="py-1 font-mono text-xs break-all">{value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
      <Card title="Body">
        <JsonBlock raw={event.rawBody} />
      </Card>
    </>
  );
}
