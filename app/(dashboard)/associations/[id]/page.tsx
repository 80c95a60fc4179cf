// One association: its current state, its relations, and its event history (one
// page, from the URL) with what each event changed.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { LocalTime } from "@/components/local-time";
import { LocationLabel } from "@/components/location-label";
import { OpenInHighLevel } from "@/components/open-in-highlevel";
import { Badge, statusTone } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { buttonClass, linkClass } from "@/components/ui/styles";
import { associationHistorySchema } from "@/lib/filters/associations";
import { relationFiltersSchema } from "@/lib/filters/relations";
import { locationUrl } from "@/lib/highlevel/links";
import { parsePageParams, type SearchParams } from "@/lib/http/page-params";
import { getAssociation } from "@/lib/queries/associations";
import { listRelations } from "@/lib/queries/relations";
import { HistoryCard } from "./history-card";
import { RecordCell } from "./record-cell";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }>; searchParams: SearchParams };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  return { title: `Association ${id.slice(0, 60)}` };
}

export default async function AssociationPage({ params, searchParams }: Props) {
  const { id } = await params; // Next has already decoded it: decoding again would corrupt ids containing "%"
  // Bad paging parameters show as a message in the history card; the rest of the page still renders.
  const parsed = parsePageParams(associationHistorySchema, await searchParams);
  const history = parsed.ok ? parsed.data : associationHistorySchema.parse({});
  const association = id.length <= 200 && !id.includes("\u0000") ? await getAssociation(id, { history, rawBodies: true }) : null;
  if (!association) notFound();
  const relations = await listRelations(relationFiltersSchema.parse({ associationId: id, limit: "100" }));
  const a = association;
  const state: [string, React.ReactNode][] = [
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
    ["first seen", <LocalTime key="f" value={a.firstSeenAt} />],
    ["last event", <LocalTime key="e" value={a.lastEventAt} />],
    ["deleted", <LocalTime key="d" value={a.deletedAt} />],
    ["events", a.eventCount],
  ];
  return (
    <>
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link className={linkClass} href="/associations">Associations</Link> / <span>{a.key || a.id}</span>
      </nav>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold break-all">{a.key || a.id}</h1>
        <Badge tone={statusTone(a.status)}>{a.status}</Badge>
      </div>
      <p className="text-sm text-zinc-700 dark:text-zinc-300">
        {a.firstObjectLabel} <span className="font-mono text-xs">({a.firstObjectKey})</span> ↔ {a.secondObjectLabel} <span className="font-mono text-xs">({a.secondObjectKey})</span>
      </p>

      <Card title="Current state">
        <dl className="grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-2">
          {state.map(([label, value]) => (
            <div key={label} className="flex flex-wrap justify-between gap-2 border-b border-zinc-100 py-1 dark:border-zinc-800">
              <dt className="font-mono text-xs text-zinc-600 dark:text-zinc-400">{label}</dt>
              <dd className="break-all">{value}</dd>
            </div>
          ))}
        </dl>
      </Card>

      <Card title={`Relations (${relations.data.length}${relations.nextCursor ? "+" : ""})`} actions={
          <a className={buttonClass} href={`/api/export/relations.csv?associationId=${encodeURIComponent(a.id)}`} download>
            <span aria-hidden>⬇</span> Export relations CSV
          </a>
        }>
        {relations.data.length === 0 ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">No relation events received for this association.</p>
        ) : (
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Relations under this association</caption>
            <thead className="text-xs text-zinc-600 dark:text-zinc-400">
              <tr><th scope="col">Relation</th><th scope="col">First record</th><th scope="col">Second record</th><th scope="col">Status</th><th scope="col">Last event</th></tr>
            </thead>
            <tbody>
              {relations.data.map((r) => (
                <tr key={r.id} className="border-t border-zinc-100 dark:border-zinc-800">
                  <td className="py-1 font-mono text-xs"><Link className={linkClass} href={`/events?subjectId=${encodeURIComponent(r.id)}`}>{r.id}</Link></td>
                  <td className="py-1"><RecordCell objectKey={r.firstObjectKey} recordId={r.firstRecordId} locationId={r.locationId} /></td>
                  <td className="py-1"><RecordCell objectKey={r.secondObjectKey} recordId={r.secondRecordId} locationId={r.locationId} /></td>
                  <td className="py-1"><Badge tone={statusTone(r.status)}>{r.status}</Badge></td>
                  <td className="py-1"><LocalTime value={r.lastEventAt} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>

      <HistoryCard association={a} issues={parsed.ok ? null : parsed.issues} />
    </>
  );
}
