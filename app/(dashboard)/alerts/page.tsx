// Alerts: what the evaluator found (open, acknowledged, resolved), newest first, each
// with its messages and timeline; filters and page in the URL.
import type { Metadata } from "next";
import { AlertCard } from "@/components/alerts/alert-card";
import { AlertFilters } from "@/components/alerts/alert-filters";
import { ListStateProvider } from "@/components/data-table/list-params";
import { Pager } from "@/components/data-table/pager";
import { EmptyState, InvalidFilters } from "@/components/states";
import { alertFiltersSchema } from "@/lib/filters/alerts";
import { isFiltered } from "@/lib/filters/list";
import { parsePageParams, type SearchParams } from "@/lib/http/page-params";
import { countUnresolvedAlerts } from "@/lib/queries/alerts";
import { listAlerts } from "@/lib/queries/alerts-list";

export const metadata: Metadata = { title: "Alerts" };

export default async function AlertsPage({ searchParams }: { searchParams: SearchParams }) {
  const parsed = parsePageParams(alertFiltersSchema, await searchParams);
  const [page, counts] = await Promise.all([parsed.ok ? listAlerts(parsed.data) : null, countUnresolvedAlerts()]);
  const filtered = parsed.ok && isFiltered(parsed.data);
  return (
    <ListStateProvider>
      <div>
        <h1 className="text-2xl font-semibold">Alerts</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          {counts.open} open, {counts.acknowledged} acknowledged. Rules are evaluated every ALERT_EVALUATE_SECONDS by one instance; an alert opens once, sends
          one message per channel, and resolves with a &quot;recovered&quot; message once its condition has been false for ALERT_MIN_OPEN_MINUTES.
        </p>
      </div>
      <AlertFilters />
      {!parsed.ok || !page ? (
        <InvalidFilters issues={parsed.ok ? [] : parsed.issues} resetHref="/alerts" />
      ) : page.data.length === 0 ? (
        <EmptyState title={filtered ? "No alerts match these filters" : "No alerts yet"}>
          {filtered
            ? "Clear the filters to see every alert."
            : "Nothing has gone wrong that the rules watch for: silence, rejections, signature failures, 429s, projection lag, the database."}
        </EmptyState>
      ) : (
        <ol className="space-y-3">
          {page.data.map((a) => (
            <AlertCard key={a.id} alert={a} />
          ))}
        </ol>
      )}
      {page && <Pager nextCursor={page.nextCursor} prevCursor={page.prevCursor} shown={page.data.length} defaultLimit="20" noun="alert" />}
    </ListStateProvider>
  );
}
