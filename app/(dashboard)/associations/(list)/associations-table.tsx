"use client";
// The associations table: its columns (each says whether it sorts) and its list's default order.
import { ListTable } from "@/components/data-table/list-table";
import { associationList } from "@/lib/filters/associations";
import type { AssociationListRow } from "@/lib/queries/associations";
import { associationColumns } from "./columns";

export function AssociationsTable(props: { rows: AssociationListRow[]; nextCursor: string | null; prevCursor: string | null; filtered: boolean }) {
  return <ListTable {...props} columns={associationColumns} list={associationList} caption="Associations" noun="associations" getRowId={(r) => r.id} />;
}
