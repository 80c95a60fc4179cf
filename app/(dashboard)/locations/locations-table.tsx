"use client";
// The locations table: its columns, sortable keys and default order.
import { ListTable } from "@/components/data-table/list-table";
import { locationSortKeys } from "@/lib/filters/locations";
import type { LocationRow } from "@/lib/queries/locations";
import { locationColumns } from "./columns";

export function LocationsTable(props: { rows: LocationRow[]; nextCursor: string | null; prevCursor: string | null; filtered: boolean }) {
  return (
    <ListTable
      {...props}
      columns={locationColumns}
      caption="Locations"
      noun="locations"
      sortable={locationSortKeys}
      defaultSort="-lastReceived"
      getRowId={(r) => r.locationId}
    />
  );
}
