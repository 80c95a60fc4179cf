// Associations: the current state of every association definition, filtered,
// sorted and paged on the server from the URL.
import type { Metadata } from "next";
import { Suspense } from "react";
import { ExportLink } from "@/components/data-table/export-link";
import { FilterBar, type FilterField, type Suggestion } from "@/components/data-table/filter-bar";
import { ListHeader } from "@/components/data-table/list-header";
import { ListStateProvider } from "@/components/data-table/list-params";
import { RangePicker } from "@/components/data-table/range-picker";
import { LiveUpdates } from "@/components/live-updates";
import { InvalidFilters } from "@/components/states";
import { associationStatuses, associationTypes } from "@/lib/domain/values";
import { associationFiltersSchema, type AssociationFilters } from "@/lib/filters/associations";
import { isFiltered } from "@/lib/filters/list";
import { parsePageParams, type SearchParams } from "@/lib/http/page-params";
import { listAssociations } from "@/lib/queries/associations";
import { countAssociations } from "@/lib/queries/counts";
import { listKnownObjectKeys, listLocationSuggestions } from "@/lib/queries/suggestions";
import { AssociationsTable } from "./associations-table";

export const metadata: Metadata = { title: "Associations" };

function filterFields(locations: Suggestion[], objectKeys: string[]): FilterField[] {
  return [
    { name: "locationId", label: "Location", kind: "text", placeholder: "Name or id", suggestions: locations, wide: true },
    { name: "q", label: "Search key or label", kind: "text", placeholder: "e.g. buyer" },
    { name: "associationType", label: "Type", kind: "select", options: associationTypes.map((t) => ({ value: t, label: t })) },
    { name: "status", label: "Status", kind: "select", options: associationStatuses.map((s) => ({ value: s, label: s })) },
    { name: "objectKey", label: "Object key", kind: "text", placeholder: "e.g. contact", suggestions: objectKeys },
  ];
}

async function MatchCount({ filters }: { filters: AssociationFilters }) {
  const n = await countAssociations(filters);
  return <>{`${n.toLocaleString("en-US")} matching`}</>;
}

async function Results({ filters }: { filters: AssociationFilters }) {
  const page = await listAssociations(filters);
  return <AssociationsTable rows={page.data} nextCursor={page.nextCursor} prevCursor={page.prevCursor} filtered={isFiltered(filters)} />;
}

export default async function AssociationsPage({ searchParams }: { searchParams: SearchParams }) {
  const parsed = parsePageParams(associationFiltersSchema, await searchParams);
  const [locations, objectKeys] = await Promise.all([listLocationSuggestions(), listKnownObjectKeys()]);
  return (
    <ListStateProvider>
      <ListHeader
        title="Associations"
        actions={
          <>
            <LiveUpdates />
            <ExportLink dataset="associations" />
          </>
        }
      >
        {parsed.ok ? (
          <Suspense fallback="Counting…">
            <MatchCount filters={parsed.data} />
          </Suspense>
        ) : (
          "—"
        )}
      </ListHeader>
      <FilterBar fields={filterFields(locations, objectKeys)} />
      <RangePicker applies="last event time" />
      {parsed.ok ? <Results filters={parsed.data} /> : <InvalidFilters issues={parsed.issues} resetHref="/associations" />}
    </ListStateProvider>
  );
}
