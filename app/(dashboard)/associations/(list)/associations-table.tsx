"use client";
// The associations table: its columns, sortable keys and default order.
import { ListTable } from "@/components/data-table/list-table";
import { associationSortKeys } from "@/lib/filters/associations";
import type { AssociationListRow } from "@/lib/queries/associations";
import { associationColumns } from "./columns";

export function AssociationsTable(props: { rows: AssociationListRow[]; nextCursor: string | null; prevCursor: string | null; filtered: boolean }) {
  return (
    <ListTable
      {...props}
      columns={associationColumns}
      caption="Associations"
      noun="associations"
      sortable={associationSortKeys}
      defaultSort="-lastEventAt"
      getRowId={(r) => r.id}
    />
  );
}
