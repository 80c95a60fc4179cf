"use client";
// Columns of the associations table. Labels and keys come from outside, so they
// are only ever rendered as text (React escapes them).
import Link from "next/link";
import { LocalTime } from "@/components/local-time";
import { Badge, statusTone } from "@/components/ui/badge";
import { linkClass } from "@/components/ui/styles";
import { LocationLabel } from "@/components/location-label";
import type { ListColumn } from "@/components/data-table/data-table";
import type { AssociationSortKey } from "@/lib/filters/associations";
import type { AssociationListRow } from "@/lib/queries/associations";

const mono = (v: string | null) => (v ? <span className="font-mono text-xs">{v}</span> : <span className="text-zinc-400">—</span>);

// Most telling columns first (status and last event before the object keys), so a
// narrow screen shows them without scrolling sideways.
export const associationColumns: ListColumn<AssociationListRow, AssociationSortKey>[] = [
  {
    id: "key",
    enableSorting: true,
    header: "Key",
    cell: ({ row }) => (
      <Link className={`${linkClass} font-medium`} href={`/associations/${encodeURIComponent(row.original.id)}`}>
        {row.original.key || row.original.id}
      </Link>
    ),
  },
  { id: "firstObjectLabel", enableSorting: true, header: "First label", cell: ({ row }) => row.original.firstObjectLabel },
  { id: "secondObjectLabel", enableSorting: true, header: "Second label", cell: ({ row }) => row.original.secondObjectLabel },
  { id: "status", enableSorting: true, header: "Status", cell: ({ row }) => <Badge tone={statusTone(row.original.status)}>{row.original.status}</Badge> },
  { id: "lastEventAt", enableSorting: true, header: "Last event", cell: ({ row }) => <LocalTime value={row.original.lastEventAt} /> },
  { id: "eventCount", enableSorting: true, header: "Events", cell: ({ row }) => <span className="tabular-nums">{row.original.eventCount}</span> },
  {
    id: "locationId",
    enableSorting: true,
    header: "Location",
    cell: ({ row }) => <LocationLabel id={row.original.locationId} name={row.original.locationName} />,
  },
  { id: "associationType", enableSorting: true, header: "Type", cell: ({ row }) => mono(row.original.associationType) },
  { id: "firstObjectKey", enableSorting: true, header: "First object", cell: ({ row }) => mono(row.original.firstObjectKey) },
  { id: "secondObjectKey", enableSorting: true, header: "Second object", cell: ({ row }) => mono(row.original.secondObjectKey) },
  {
    id: "firstObjectToSecondObjectCardinality",
    enableSorting: true,
    header: "1st → 2nd",
    cell: ({ row }) => mono(row.original.firstObjectToSecondObjectCardinality),
  },
  {
    id: "secondObjectToFirstObjectCardinality",
    enableSorting: true,
    header: "2nd → 1st",
    cell: ({ row }) => mono(row.original.secondObjectToFirstObjectCardinality),
  },
];
