// The association's history, one page at a time from the URL (cursor, before,
// limit), newest delivery first, each entry with what it changed.
import Link from "next/link";
import { ListStateProvider } from "@/components/data-table/list-params";
import { Pager } from "@/components/data-table/pager";
import { FieldChanges } from "@/components/field-changes";
import { JsonBlock } from "@/components/json-block";
import { LocalTime } from "@/components/local-time";
import { InvalidFilters } from "@/components/states";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { linkClass } from "@/components/ui/styles";
import { VerificationBadge } from "@/components/verification-badge";
import { countStoredHistory, type HistoryEntry, type HistoryPage } from "@/lib/queries/history";

const historyLabels = { first: "Newest", previous: "Newer", next: "Older" };

const plural = (n: number, one: string) => `${n.toLocaleString("en-US")} ${one}${n === 1 ? "" : "s"}`;

/** On the oldest page: how many events retention has pruned (the state above still reflects them). */
async function PrunedNote({ id, eventCount }: { id: string; eventCount: number }) {
  const pruned = eventCount - (await countStoredHistory(id));
  if (pruned <= 0) return null;
  return (
    <p className="mt-3 text-sm text-zinc-600 dark:text-zinc-400">
      {plural(pruned, "older event")} {pruned === 1 ? "was" : "were"} pruned by retention (RETENTION_DAYS); the state above still reflects them.
    </p>
  );
}

export function HistoryCard({
  association,
  issues,
  afterEvent = null,
  pageQuery = "",
}: {
  association: { id: string; eventCount: number; history: HistoryEntry[]; historyPage: HistoryPage };
  /** Paging parameters that did not parse: shown instead of the entries. */
  issues: { path: string; message: string }[] | null;
  /** The entry whose "state after" the state card shows, marked as current. */
  afterEvent?: number | null;
  /** This history page's own parameters, kept by the "State after this event" links. */
  pageQuery?: string;
}) {
  const { id, eventCount, history, historyPage } = association;
  const stateAfter = (eventId: number) => `/associations/${encodeURIComponent(id)}?${pageQuery ? `${pageQuery}&` : ""}afterEvent=${eventId}`;
  return (
    <Card title={`History (${plural(eventCount, "event")}, newest first)`}>
      <p className="mb-3 text-sm text-zinc-600 dark:text-zinc-400">
        By arrival, newest first. Each entry shows what it changed from the state before it in event time.
      </p>
      {issues ? (
        <InvalidFilters issues={issues} resetHref={`/associations/${encodeURIComponent(id)}`} />
      ) : (
        <ListStateProvider>
          {history.length === 0 ? (
            <p className="text-sm text-zinc-600 dark:text-zinc-400">No stored events on this page.</p>
          ) : (
            <ol className="space-y-4">
              {history.map((h) => (
                <li
                  key={h.eventId}
                  aria-current={h.eventId === afterEvent ? "true" : undefined}
                  className={`rounded border p-3 ${h.eventId === afterEvent ? "border-blue-600 ring-1 ring-blue-600" : "border-zinc-200 dark:border-zinc-800"}`}
                >
                  <div className="flex flex-wrap items-center gap-2 text-sm">
                    <Link className={`${linkClass} font-medium`} href={`/events/${h.eventId}`}>
                      {h.type} #{h.eventId}
                    </Link>
                    <VerificationBadge verification={h.verification} reconcileRunId={h.reconcileRunId} />
                    {h.sameBytesAs !== null && (
                      <Badge tone="amber" title="A body without webhookId or type, stored earlier under another event type: a re-post to another per-event URL">
                        same bytes as event{" "}
                        <Link className={linkClass} href={`/events/${h.sameBytesAs}`}>
                          #{h.sameBytesAs}
                        </Link>
                      </Badge>
                    )}
                    {h.duplicateCount > 0 && (
                      <Badge tone="amber" title="HighLevel re-sent this delivery">
                        {plural(h.duplicateCount, "duplicate")}
                      </Badge>
                    )}
                    <span className="text-zinc-600 dark:text-zinc-400">
                      event time <LocalTime value={h.eventTimestamp ?? h.occurredAt} />
                      {h.eventTimestamp ? "" : " (receive time: no timestamp in body)"}
                    </span>
                    <span className="text-zinc-600 dark:text-zinc-400">
                      received <LocalTime value={h.receivedAt} />
                    </span>
                  </div>
                  <div className="mt-2">
                    <FieldChanges changes={h.changes} />
                  </div>
                  <p className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-sm">
                    {h.eventId === afterEvent ? (
                      <span className="font-medium">The state card shows the state after this event</span>
                    ) : (
                      <Link className={linkClass} href={stateAfter(h.eventId)}>
                        State after this event
                      </Link>
                    )}
                    {h.previousEventId !== null && (
                      <Link className={linkClass} href={`/events/diff?a=${h.previousEventId}&b=${h.eventId}`}>
                        Compare with previous (#{h.previousEventId})
                      </Link>
                    )}
                  </p>
                  {h.rawBody === undefined ? (
                    <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
                      Body of {h.bodySize.toLocaleString("en-US")} bytes:{" "}
                      <Link className={linkClass} href={`/events/${h.eventId}`}>
                        shown on the event&apos;s page
                      </Link>
                      .
                    </p>
                  ) : (
                    <details className="mt-2">
                      <summary className="cursor-pointer text-sm">Raw body</summary>
                      <JsonBlock raw={h.rawBody} />
                    </details>
                  )}
                </li>
              ))}
            </ol>
          )}
          {historyPage.nextCursor === null && <PrunedNote id={id} eventCount={eventCount} />}
          <div className="mt-4">
            <Pager nextCursor={historyPage.nextCursor} prevCursor={historyPage.prevCursor} shown={history.length} noun="event" labels={historyLabels} />
          </div>
        </ListStateProvider>
      )}
    </Card>
  );
}
