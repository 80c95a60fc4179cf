// Events: every stored delivery, newest first, filterable from the URL.
import type { Metadata } from "next";
import { ExportLink } from "@/components/data-table/export-link";
import { FilterBar, type FilterField, type Suggestion } from "@/components/data-table/filter-bar";
import { ListHeader } from "@/components/data-table/list-header";
import { ListStateProvider } from "@/components/data-table/list-params";
import { RangePicker } from "@/components/data-table/range-picker";
import { LiveUpdates } from "@/components/live-updates";
import { InvalidFilters } from "@/components/states";
import { verifications } from "@/lib/domain/values";
import { eventFiltersSchema, type EventFilters } from "@/lib/filters/events";
import { isFiltered } from "@/lib/filters/list";
import { eventKinds, handledEventTypes } from "@/lib/domain/events";
import { parsePageParams, type SearchParams } from "@/lib/http/page-params";
import { listEvents } from "@/lib/queries/events";
import { listLocationSuggestions } from "@/lib/queries/suggestions";
import { EventsTable } from "./events-table";

export const metadata: Metadata = { title: "Events" };

function filterFields(locations: Suggestion[]): FilterField[] {
  return [
    { name: "q", label: "Search bodies", kind: "text", placeholder: "Text (3+ chars) or field=value", wide: true },
    { name: "locationId", label: "Location", kind: "text", placeholder: "Name or id", suggestions: locations, wide: true },
    { name: "type", label: "Event type", kind: "text", placeholder: "e.g. AssociationUpdate", suggestions: [...handledEventTypes] },
    { name: "kind", label: "Kind", kind: "select", options: eventKinds.map((k) => ({ value: k, label: k })) },
    { name: "verification", label: "Signature", kind: "select", options: verifications.map((v) => ({ value: v, label: v })) },
    { name: "subjectId", label: "Association or relation id", kind: "text" },
  ];
}

async function Results({ filters }: { filters: EventFilters }) {
  const page = await listEvents(filters);
  return <EventsTable rows={page.data} nextCursor={page.nextCursor} prevCursor={page.prevCursor} filtered={isFiltered(filters)} />;
}

export default async function EventsPage({ searchParams }: { searchParams: SearchParams }) {
  const parsed = parsePageParams(eventFiltersSchema, await searchParams);
  const locations = await listLocationSuggestions();
  return (
    <ListStateProvider>
      <ListHeader
        title="Events"
        actions={
          <>
            <LiveUpdates />
            <ExportLink dataset="events" />
          </>
        }
      >
        Every delivery the receiver accepted (signed, or also unverified with HIGHLEVEL_WEBHOOK_VERIFY=off), stored once however often it was retried, and the
        events applied from a reconciliation. <em>other</em>: a HighLevel event this app does not project; <em>unclassified</em>: a body without a{" "}
        <code>type</code>, kept so nothing is lost.
      </ListHeader>
      <FilterBar fields={filterFields(locations)} />
      <RangePicker applies="received time" />
      {parsed.ok ? <Results filters={parsed.data} /> : <InvalidFilters issues={parsed.issues} resetHref="/events" />}
    </ListStateProvider>
  );
}
