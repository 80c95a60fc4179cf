"use client";
// The events log table (newest first) with its pager.
import { DataTable } from "@/components/data-table/data-table";
import { Pager } from "@/components/data-table/pager";
import { EmptyState, GettingStarted } from "@/components/states";
import type { EventRow } from "@/lib/queries/events";
import { eventColumns } from "./columns";

export function EventsTable({ rows, nextCursor, prevCursor, filtered }: { rows: EventRow[]; nextCursor: string | null; prevCursor: string | null; filtered: boolean }) {
  return (
    <div className="space-y-3">
      <DataTable
        columns={eventColumns}
        data={rows}
        caption="Stored deliveries, newest first"
        getRowId={(r) => String(r.id)}
        empty={
          filtered ? (
            <EmptyState title="No event matches these filters">Change or clear the filters above.</EmptyState>
          ) : (
            <EmptyState title="No events yet">
              <GettingStarted />
            </EmptyState>
          )
        }
      />
      <Pager nextCursor={nextCursor} prevCursor={prevCursor} shown={rows.length} />
    </div>
  );
}
