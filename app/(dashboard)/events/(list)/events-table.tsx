"use client";
// The events log table, newest first (the only order: ids grow with arrival).
import { ListTable } from "@/components/data-table/list-table";
import { eventList } from "@/lib/filters/events";
import type { EventListRow } from "@/lib/queries/events";
import { eventColumns } from "./columns";
import { CompareBar } from "./compare";

export function EventsTable(props: { rows: EventListRow[]; nextCursor: string | null; prevCursor: string | null; filtered: boolean }) {
  return (
    <>
      <CompareBar />
      <ListTable {...props} columns={eventColumns} list={eventList} caption="Stored deliveries, newest first" noun="events" getRowId={(r) => String(r.id)} />
    </>
  );
}
