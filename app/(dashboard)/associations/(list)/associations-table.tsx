"use client";
// The associations table with its pager: rows come from the server page.
import { DataTable } from "@/components/data-table/data-table";
import { Pager } from "@/components/data-table/pager";
import { EmptyState, GettingStarted } from "@/components/states";
import { associationSortKeys } from "@/lib/filters/associations";
import type { AssociationRow } from "@/lib/queries/associations";
import { associationColumns } from "./columns";

export function AssociationsTable({ rows, nextCursor, prevCursor, filtered }: { rows: AssociationRow[]; nextCursor: string | null; prevCursor: string | null; filtered: boolean }) {
  return (
    <div className="space-y-3">
      <DataTable
        columns={associationColumns}
        data={rows}
        caption="Associations"
        sortable={associationSortKeys}
        defaultSort="-lastEventAt"
        getRowId={(r) => r.id}
        empty={
          filtered ? (
            <EmptyState title="No association matches these filters">Change or clear the filters above.</EmptyState>
          ) : (
            <EmptyState title="No associations yet">
              <GettingStarted />
            </EmptyState>
          )
        }
      />
      <Pager nextCursor={nextCursor} prevCursor={prevCursor} shown={rows.length} />
    </div>
  );
}
