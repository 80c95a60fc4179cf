// One association: its current state (or its state at a past moment, ?at=… or
// ?afterEvent=…), its relations, and its event history (one page, from the URL) with
// what each event changed.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { LocalTime } from "@/components/local-time";
import { Badge, statusTone } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { buttonClass, linkClass } from "@/components/ui/styles";
import { associationHistorySchema } from "@/lib/filters/associations";
import { relationFiltersSchema } from "@/lib/filters/relations";
import { stateAtRequest, stateAtSchema } from "@/lib/filters/state-at";
import { parsePageParams, type SearchParams } from "@/lib/http/page-params";
import { getAssociation } from "@/lib/queries/associations";
import { listRelations } from "@/lib/queries/relations";
import { getAssociationAt } from "@/lib/queries/state-at";
import { HistoryCard } from "./history-card";
import { RecordCell } from "./record-cell";
import { StateCard } from "./state-card";

type Props = { params: Promise<{ id: string }>; searchParams: SearchParams };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  return { title: `Association ${id.slice(0, 60)}` };
}

/** The history's paging parameters, kept by the entries' "State after this event" links so the page stays where it is. */
function historyQuery(query: Record<string, string | string[] | undefined>): string {
  const keep = new URLSearchParams();
  for (const k of ["cursor", "before", "limit"]) {
    const v = query[k];
    if (typeof v === "string" && v) keep.set(k, v);
  }
  return keep.toString();
}

export default async function AssociationPage({ params, searchParams }: Props) {
  const { id } = await params; // Next has already decoded it: decoding again would corrupt ids containing "%"
  // Bad paging parameters show as a message in the history card; the rest of the page still renders.
  const query = await searchParams;
  const parsed = parsePageParams(associationHistorySchema, query);
  const history = parsed.ok ? parsed.data : associationHistorySchema.parse({});
  // A bad at/afterEvent shows as a message in the state card, which then shows the current state.
  const when = parsePageParams(stateAtSchema, query);
  const pastRequest = when.ok ? stateAtRequest(when.data) : null;
  const association = id.length <= 200 && !id.includes("\u0000") ? await getAssociation(id, { history, rawBodies: true }) : null;
  if (!association) notFound();
  const [relations, past] = await Promise.all([
    listRelations(relationFiltersSchema.parse({ associationId: id, limit: "100" })),
    pastRequest ? getAssociationAt(id, pastRequest) : null,
  ]);
  // In the past, the relations as they were then (with the cascade of a delete); otherwise now.
  const relationRows = past ? (past.found ? past.relations : []) : relations.data;
  const a = association;
  return (
    <>
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link className={`${linkClass} underline`} href="/associations">
          Associations
        </Link>{" "}
        / <span>{a.key || a.id}</span>
      </nav>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold break-all">{a.key || a.id}</h1>
        <Badge tone={statusTone(a.status)}>{a.status}</Badge>
      </div>
      <p className="text-sm text-zinc-700 dark:text-zinc-300">
        {a.firstObjectLabel} <span className="font-mono text-xs">({a.firstObjectKey})</span> ↔ {a.secondObjectLabel}{" "}
        <span className="font-mono text-xs">({a.secondObjectKey})</span>
      </p>

      <StateCard
        id={a.id}
        current={a}
        past={past}
        at={when.ok && when.data.at ? when.data.at.toISOString() : null}
        basis={when.ok ? when.data.basis : "event"}
        issues={when.ok ? null : when.issues}
      />

      <Card
        title={past ? `Relations then (${relationRows.length})` : `Relations (${relations.data.length}${relations.nextCursor ? "+" : ""})`}
        actions={
          <a className={buttonClass} href={`/api/export/relations.csv?associationId=${encodeURIComponent(a.id)}`} download>
            <span aria-hidden>⬇</span> Export relations CSV
          </a>
        }
      >
        {relationRows.length === 0 ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            {past ? "No relation events by then." : "No relation events received for this association."}
          </p>
        ) : (
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Relations under this association</caption>
            <thead className="text-xs text-zinc-600 dark:text-zinc-400">
              <tr>
                <th scope="col">Relation</th>
                <th scope="col">First record</th>
                <th scope="col">Second record</th>
                <th scope="col">Status</th>
                <th scope="col">Last event</th>
              </tr>
            </thead>
            <tbody>
              {relationRows.map((r) => (
                <tr key={r.id} className="border-t border-zinc-100 dark:border-zinc-800">
                  <td className="py-1 font-mono text-xs">
                    <Link className={linkClass} href={`/events?subjectId=${encodeURIComponent(r.id)}`}>
                      {r.id}
                    </Link>
                  </td>
                  <td className="py-1">
                    <RecordCell objectKey={r.firstObjectKey} recordId={r.firstRecordId} locationId={r.locationId} />
                  </td>
                  <td className="py-1">
                    <RecordCell objectKey={r.secondObjectKey} recordId={r.secondRecordId} locationId={r.locationId} />
                  </td>
                  <td className="py-1">
                    <Badge tone={statusTone(r.status)}>{r.status}</Badge>
                  </td>
                  <td className="py-1">
                    <LocalTime value={r.lastEventAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>

      <HistoryCard
        association={a}
        issues={parsed.ok ? null : parsed.issues}
        afterEvent={past?.found ? past.asOf.afterEvent : null}
        pageQuery={historyQuery(query)}
      />
    </>
  );
}
