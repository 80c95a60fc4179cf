// Two stored events compared: /events/diff?a=<id>&b=<id> (a shareable URL). Their
// metadata side by side, the fields that differ (A → B) and the bodies' line diff.
import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { FieldChanges } from "@/components/field-changes";
import { LocalTime } from "@/components/local-time";
import { LocationLabel } from "@/components/location-label";
import { InvalidFilters } from "@/components/states";
import { Card } from "@/components/ui/card";
import { linkClass } from "@/components/ui/styles";
import { VerificationBadge } from "@/components/verification-badge";
import { eventDiffSchema } from "@/lib/filters/event-diff";
import { parsePageParams, type SearchParams } from "@/lib/http/page-params";
import { getEventDiff, type DiffSide, type EventDiff } from "@/lib/queries/event-diff";
import { BodyDiff } from "./body-diff";
import { PickEvents } from "./pick-events";

export const metadata: Metadata = { title: "Compare events" };

const fieldsNote: Record<EventDiff["fields"], string> = {
  association: "The association fields the projection keeps, from A's body to B's.",
  relation: "The relation fields the projection keeps, from A's body to B's.",
  body: "Every top-level field of the two bodies (they are not two events of one projected kind); values that are not text are shown as JSON.",
};

function subject(e: DiffSide): ReactNode {
  if (!e.subjectId) return "—";
  return e.kind === "association" ? (
    <Link className={linkClass} href={`/associations/${encodeURIComponent(e.subjectId)}`}>
      {e.subjectId}
    </Link>
  ) : (
    e.subjectId
  );
}

/** Rows of the side-by-side table: what to show, and the raw values that decide "differs". */
function facts(e: DiffSide): [string, ReactNode, unknown][] {
  return [
    [
      "event",
      <Link key="e" className={`${linkClass} font-medium`} href={`/events/${e.id}`}>
        #{e.id}
      </Link>,
      e.id,
    ],
    ["type", e.type ?? "— (none)", e.type],
    ["kind", e.kind, e.kind],
    ["subject", subject(e), e.subjectId],
    [
      "association",
      e.kind === "relation" && e.associationId ? (
        <Link key="a" className={linkClass} href={`/associations/${encodeURIComponent(e.associationId)}`}>
          {e.associationId}
        </Link>
      ) : (
        "—"
      ),
      e.associationId,
    ],
    ["location", <LocationLabel key="l" id={e.locationId} name={e.locationName} />, e.locationId],
    ["event time", <LocalTime key="t" value={e.eventTimestamp} />, e.eventTimestamp?.getTime()],
    ["received", <LocalTime key="r" value={e.receivedAt} />, e.receivedAt.getTime()],
    [
      "signature",
      <VerificationBadge key="v" verification={e.verification} signedForm={e.signedForm} reconcileRunId={e.reconcileRunId} />,
      `${e.verification}/${e.signedForm}`,
    ],
    ["webhookId", e.webhookId ?? "—", e.webhookId],
    ["duplicates", e.duplicateCount, e.duplicateCount],
    ["size", `${e.bodySize.toLocaleString("en-US")} bytes`, e.bodySize],
  ];
}

function SideBySide({ a, b }: { a: DiffSide; b: DiffSide }) {
  const left = facts(a);
  const right = facts(b);
  return (
    <table className="w-full text-left text-sm">
      <caption className="sr-only">Event A and event B side by side</caption>
      <thead className="text-xs text-zinc-600 dark:text-zinc-400">
        <tr>
          <th scope="col">
            <span className="sr-only">Field</span>
          </th>
          <th scope="col">A (old side)</th>
          <th scope="col">B (new side)</th>
          <th scope="col">Differs</th>
        </tr>
      </thead>
      <tbody>
        {left.map(([label, valueA, rawA], i) => {
          const [, valueB, rawB] = right[i] ?? [label, null, null];
          const differs = label !== "event" && rawA !== rawB;
          return (
            <tr key={label} className="border-t border-zinc-100 align-top dark:border-zinc-800">
              <th scope="row" className="py-1 pr-3 font-mono text-xs font-normal text-zinc-600 dark:text-zinc-400">
                {label}
              </th>
              <td className="py-1 pr-3 break-all">{valueA}</td>
              <td className="py-1 pr-3 break-all">{valueB}</td>
              <td className="py-1">{differs ? <strong className="text-amber-800 dark:text-amber-300">differs</strong> : ""}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export default async function EventDiffPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const raw = (k: string) => {
    const value = params[k];
    return typeof value === "string" ? value : undefined;
  };
  // Underlined: axe counts "Compare" as text around the link, which colour alone must not set apart.
  const heading = (
    <nav aria-label="Breadcrumb" className="text-sm">
      <Link className={`${linkClass} underline`} href="/events">
        Events
      </Link>{" "}
      / <span>Compare</span>
    </nav>
  );
  if (raw("a") === undefined && raw("b") === undefined) {
    return (
      <>
        {heading}
        <h1 className="text-2xl font-semibold">Compare two events</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Pick two events with the Compare boxes on the{" "}
          <Link className={`${linkClass} underline`} href="/events">
            events list
          </Link>
          , use “Compare with previous” in an association&apos;s history, or give their ids here.
        </p>
        <PickEvents />
      </>
    );
  }
  const parsed = parsePageParams(eventDiffSchema, params);
  if (!parsed.ok) {
    return (
      <>
        {heading}
        <h1 className="text-2xl font-semibold">Compare two events</h1>
        <InvalidFilters issues={parsed.issues} resetHref="/events/diff" />
        <PickEvents a={raw("a")} b={raw("b")} />
      </>
    );
  }
  const { a, b } = parsed.data;
  const answer = await getEventDiff(a, b);
  if (!answer.found) {
    return (
      <>
        {heading}
        <h1 className="text-2xl font-semibold">
          Compare events #{a} and #{b}
        </h1>
        <p role="alert" className="rounded-lg border border-red-300 bg-red-50 p-4 text-sm text-red-950">
          {answer.missing.map((id) => `#${id}`).join(" and ")} {answer.missing.length === 1 ? "is" : "are"} not stored: never received, or pruned by retention.
        </p>
        <PickEvents a={String(a)} b={String(b)} />
      </>
    );
  }
  const d = answer.diff;
  return (
    <>
      {heading}
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <h1 className="text-2xl font-semibold">
          Compare events #{a} and #{b}
        </h1>
        <Link className={linkClass} href={`/events/diff?a=${b}&b=${a}`}>
          Swap A and B
        </Link>
      </div>
      <Card title="Deliveries">
        <SideBySide a={d.a} b={d.b} />
      </Card>
      <Card title="Field changes (A → B)">
        <p className="mb-2 text-sm text-zinc-600 dark:text-zinc-400">{fieldsNote[d.fields]}</p>
        <FieldChanges changes={d.changes} />
      </Card>
      <Card title="Raw body diff">
        <BodyDiff raw={d.raw} sizes={{ a: d.a.bodySize, b: d.b.bodySize }} />
      </Card>
      <details className="text-sm">
        <summary className="cursor-pointer">Compare other events</summary>
        <div className="mt-2">
          <PickEvents a={String(a)} b={String(b)} />
        </div>
      </details>
    </>
  );
}
