"use client";
// The locations table: its columns (each says whether it sorts) and its list's default order.
import { ListTable } from "@/components/data-table/list-table";
import { locationList } from "@/lib/filters/locations";
import type { LocationRow } from "@/lib/queries/locations";
import { locationColumns } from "./columns";

export function LocationsTable(props: { rows: LocationRow[]; nextCursor: string | null; prevCursor: string | null; filtered: boolean }) {
  return <ListTable {...props} columns={locationColumns} list={locationList} caption="Locations" noun="locations" getRowId={(r) => r.locationId} />;
}
