// Locations: per HighLevel location, what has been received, with links to the
// filtered lists.
import type { Metadata } from "next";
import Link from "next/link";
import { ListStateProvider } from "@/components/data-table/list-params";
import { Pager } from "@/components/data-table/pager";
import { LocalTime } from "@/components/local-time";
import { EmptyState, GettingStarted, InvalidFilters } from "@/components/states";
import { linkClass } from "@/components/ui/styles";
import { locationFiltersSchema } from "@/lib/filters/locations";
import { parsePageParams, type SearchParams } from "@/lib/http/page-params";
import { listLocations } from "@/lib/queries/locations";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Locations" };

export default async function LocationsPage({ searchParams }: { searchParams: SearchParams }) {
  const parsed = parsePageParams(locationFiltersSchema, await searchParams);
  if (!parsed.ok) return <InvalidFilters issues={parsed.issues} resetHref="/locations" />;
  const page = await listLocations(parsed.data);
  return (
    <ListStateProvider>
      <div>
        <h1 className="text-2xl font-semibold">Locations</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">Most recently active first.</p>
      </div>
      {page.data.length === 0 ? (
        <EmptyState title="No locations yet"><GettingStarted /></EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Locations</caption>
            <thead className="bg-zinc-50 text-xs uppercase tracking-wide text-zinc-600 dark:bg-zinc-950 dark:text-zinc-400">
              <tr>
                <th scope="col" className="px-3 py-2">Location</th>
                <th scope="col" className="px-3 py-2 text-right">Associations</th>
                <th scope="col" className="px-3 py-2 text-right">Relations</th>
                <th scope="col" className="px-3 py-2 text-right">Events</th>
                <th scope="col" className="px-3 py-2">Last event</th>
                <th scope="col" className="px-3 py-2">Open</th>
              </tr>
            </thead>
            <tbody>
              {page.data.map((l) => {
                const q = `locationId=${encodeURIComponent(l.locationId)}`;
                return (
                  <tr key={l.locationId} className="border-t border-zinc-100 dark:border-zinc-800">
                    <td className="px-3 py-2 font-mono text-xs">{l.locationId}</td>
                    <td className="px-3 py-2 text-right tabular-nums">{l.associations.toLocaleString("en-US")}</td>
                    <td className="px-3 py-2 text-right tabular-nums">{l.relations.toLocaleString("en-US")}</td>
                    <td className="px-3 py-2 text-right tabular-nums">{l.events.toLocaleString("en-US")}</td>
                    <td className="px-3 py-2"><LocalTime value={l.lastEventAt} /></td>
                    <td className="space-x-3 px-3 py-2 whitespace-nowrap">
                      <Link className={linkClass} href={`/associations?${q}`} aria-label={`Associations in ${l.locationId}`}>Associations</Link>
                      <Link className={linkClass} href={`/events?${q}`} aria-label={`Events in ${l.locationId}`}>Events</Link>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <Pager nextCursor={page.nextCursor} prevCursor={page.prevCursor ?? null} shown={page.data.length} defaultLimit="100" />
    </ListStateProvider>
  );
}
