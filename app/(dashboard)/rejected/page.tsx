// Rejected requests: what the receiver refused, why, and what to do about it.
import type { Metadata } from "next";
import { FilterBar } from "@/components/data-table/filter-bar";
import { ListStateProvider } from "@/components/data-table/list-params";
import { RangePicker } from "@/components/data-table/range-picker";
import { Pager } from "@/components/data-table/pager";
import { LocalTime } from "@/components/local-time";
import { EmptyState, InvalidFilters } from "@/components/states";
import { Badge } from "@/components/ui/badge";
import { isOneOf, rejectionCauses } from "@/lib/domain/values";
import { isFiltered } from "@/lib/filters/list";
import { rejectedFiltersSchema } from "@/lib/filters/rejected";
import { rejectionExplanations } from "@/lib/highlevel/explanations";
import { parsePageParams, type SearchParams } from "@/lib/http/page-params";
import { listRejected, rejectedTotals } from "@/lib/queries/rejected";
export const metadata: Metadata = { title: "Rejected requests" };

const fields = [{ name: "cause" as const, label: "Cause", kind: "select" as const, options: rejectionCauses.map((c) => ({ value: c, label: c })) }];

/** Exact refusals per cause: they survive the eviction of old rows and flood sampling. */
function RejectedTotals({ totals }: { totals: Record<string, number> }) {
  const causes = Object.entries(totals)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1]);
  if (causes.length === 0) return null;
  return (
    <section aria-labelledby="rejected-totals" className="rounded-lg border border-zinc-200 bg-white p-3 text-sm dark:border-zinc-800 dark:bg-zinc-900">
      <h2 id="rejected-totals" className="font-medium">
        Refusal totals
      </h2>
      <dl className="mt-1 flex flex-wrap gap-x-6 gap-y-1">
        {causes.map(([cause, n]) => (
          <div key={cause} className="flex gap-2">
            <dt className="font-mono text-xs leading-5">{cause}</dt>
            <dd className="font-semibold">{n.toLocaleString("en-US")}</dd>
          </div>
        ))}
      </dl>
      <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
        Exact counts, including requests whose rows were evicted or folded into a flood&apos;s latest row.
      </p>
    </section>
  );
}

export default async function RejectedPage({ searchParams }: { searchParams: SearchParams }) {
  const parsed = parsePageParams(rejectedFiltersSchema, await searchParams);
  const [page, totals] = await Promise.all([parsed.ok ? listRejected(parsed.data) : null, rejectedTotals()]);
  return (
    <ListStateProvider>
      <div>
        <h1 className="text-2xl font-semibold">Rejected requests</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Requests the receiver refused (400, 401, 403, 404, 413), newest first, with the likely fix. The log keeps the newest REJECTED_MAX_ROWS and the first
          bytes of each body.
        </p>
      </div>
      <RejectedTotals totals={totals} />
      <FilterBar fields={fields} />
      <RangePicker applies="received time" />
      {!parsed.ok || !page ? (
        <InvalidFilters issues={parsed.ok ? [] : parsed.issues} resetHref="/rejected" />
      ) : page.data.length === 0 ? (
        <EmptyState title="No rejected requests">
          Every request that reached the receiver was accepted{isFiltered(parsed.data) ? " (for these filters)" : ""}.
        </EmptyState>
      ) : (
        <ol className="space-y-3">
          {page.data.map((r) => (
            <li key={r.id} className="rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900">
              <div className="flex flex-wrap items-center gap-2 text-sm">
                <Badge tone="red">{r.status}</Badge>
                <Badge tone="amber">{r.cause}</Badge>
                <span className="font-mono text-xs">
                  {r.method} {r.path}
                </span>
                <LocalTime value={r.receivedAt} />
                {r.repeats > 0 && (
                  <Badge tone="gray" title="A flood of this cause: only its first rows and the latest are kept">
                    latest of {(r.repeats + 1).toLocaleString("en-US")} alike
                  </Badge>
                )}
              </div>
              <p className="mt-1 text-sm">{r.message}</p>
              <p className="mt-1 text-sm text-zinc-700 dark:text-zinc-300">
                <strong>Likely fix:</strong> {isOneOf(rejectionCauses, r.cause) ? rejectionExplanations[r.cause] : "—"}
              </p>
              <details className="mt-2 text-sm">
                <summary className="cursor-pointer">
                  Headers and body ({r.bodySize.toLocaleString("en-US")} byte{r.bodySize === 1 ? "" : "s"}
                  {r.bodyTruncated ? ", truncated" : ""})
                </summary>
                <dl className="mt-2 space-y-0.5 font-mono text-xs">
                  {Object.entries(r.headers).map(([k, v]) => (
                    <div key={k} className="flex gap-2">
                      <dt className="text-zinc-600 dark:text-zinc-400">{k}:</dt>
                      <dd className="break-all">{v}</dd>
                    </div>
                  ))}
                </dl>
                <pre className="mt-2 max-h-64 overflow-auto rounded bg-zinc-950 p-2 text-xs text-zinc-100">{r.bodyPrefix || "(empty body)"}</pre>
              </details>
            </li>
          ))}
        </ol>
      )}
      {page && <Pager nextCursor={page.nextCursor} prevCursor={page.prevCursor} shown={page.data.length} />}
    </ListStateProvider>
  );
}
