// Locations: every location HighLevel has named, with its app install state, its
// activity against its usual day and whether it has gone silent, filtered, sorted
// and paged from the URL.
import type { Metadata } from "next";
import { FilterBar, type FilterField } from "@/components/data-table/filter-bar";
import { ListHeader } from "@/components/data-table/list-header";
import { ListStateProvider } from "@/components/data-table/list-params";
import { RangePicker } from "@/components/data-table/range-picker";
import { LiveUpdates } from "@/components/live-updates";
import { InvalidFilters } from "@/components/states";
import { locationStates } from "@/lib/domain/values";
import { isFiltered } from "@/lib/filters/list";
import { locationFiltersSchema, type LocationFilters } from "@/lib/filters/locations";
import { parsePageParams, type SearchParams } from "@/lib/http/page-params";
import { listLocations } from "@/lib/queries/locations";
import { LocationsTable } from "./locations-table";

export const metadata: Metadata = { title: "Locations" };

const filterFields: FilterField[] = [
  { name: "q", label: "Search name or id", kind: "text", placeholder: "e.g. Dallas", wide: true },
  { name: "state", label: "App", kind: "select", options: locationStates.map((s) => ({ value: s, label: s })) },
  { name: "silent", label: "Silence", kind: "select", options: [{ value: "1", label: "Silent only" }] },
];

async function Results({ filters }: { filters: LocationFilters }) {
  const page = await listLocations(filters);
  const filtered = isFiltered(filters);
  return (
    <>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        {`${page.total.toLocaleString("en-US")} ${filtered ? "matching" : page.total === 1 ? "location" : "locations"}`}
      </p>
      <LocationsTable rows={page.data} nextCursor={page.nextCursor} prevCursor={page.prevCursor} filtered={filtered} />
    </>
  );
}

export default async function LocationsPage({ searchParams }: { searchParams: SearchParams }) {
  const parsed = parsePageParams(locationFiltersSchema, await searchParams);
  return (
    <ListStateProvider>
      <ListHeader title="Locations" actions={<LiveUpdates />}>
        A location is <strong>silent</strong> when it usually sends every day, is not uninstalled, and has sent nothing for longer than its longest quiet spell
        of the last 14 days (and at least 2 hours).
      </ListHeader>
      <FilterBar fields={filterFields} />
      <RangePicker applies="last delivery" />
      {parsed.ok ? <Results filters={parsed.data} /> : <InvalidFilters issues={parsed.issues} resetHref="/locations" />}
    </ListStateProvider>
  );
}
