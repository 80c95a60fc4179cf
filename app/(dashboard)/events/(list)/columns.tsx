"use client";
// Columns of the events log.
import Link from "next/link";
import { LocalTime } from "@/components/local-time";
import { Badge, type Tone } from "@/components/ui/badge";
import { VerificationBadge } from "@/components/verification-badge";
import { linkClass } from "@/components/ui/styles";
import { LocationLabel } from "@/components/location-label";
import type { ListColumn } from "@/components/data-table/data-table";
import type { EventListRow } from "@/lib/queries/events";
import { CompareCheckbox } from "./compare";

const kindTone: Record<string, Tone> = { association: "blue", relation: "green", other: "gray", unclassified: "amber" };

export const eventColumns: ListColumn<EventListRow>[] = [
  {
    id: "id",
    header: "Event",
    cell: ({ row }) => (
      <Link className={`${linkClass} font-medium`} href={`/events/${row.original.id}`}>
        #{row.original.id}
      </Link>
    ),
  },
  { id: "type", header: "Type", cell: ({ row }) => row.original.type ?? <span className="text-zinc-500">no type</span> },
  { id: "kind", header: "Kind", cell: ({ row }) => <Badge tone={kindTone[row.original.kind] ?? "gray"}>{row.original.kind}</Badge> },
  { id: "locationId", header: "Location", cell: ({ row }) => <LocationLabel id={row.original.locationId} name={row.original.locationName} /> },
  {
    id: "subjectId",
    header: "Subject",
    cell: ({ row }) => {
      const e = row.original;
      if (!e.subjectId) return "—";
      return e.kind === "association" ? (
        <Link className={`${linkClass} font-mono text-xs`} href={`/associations/${encodeURIComponent(e.subjectId)}`}>
          {e.subjectId}
        </Link>
      ) : (
        <span className="font-mono text-xs">{e.subjectId}</span>
      );
    },
  },
  { id: "receivedAt", header: "Received", cell: ({ row }) => <LocalTime value={row.original.receivedAt} /> },
  { id: "eventTimestamp", header: "Event time", cell: ({ row }) => <LocalTime value={row.original.eventTimestamp} /> },
  {
    id: "verification",
    header: "Signature",
    cell: ({ row }) => <VerificationBadge verification={row.original.verification} reconcileRunId={row.original.reconcileRunId} />,
  },
  { id: "duplicateCount", header: "Duplicates", cell: ({ row }) => <span className="tabular-nums">{row.original.duplicateCount}</span> },
  // Last, so the columns before it keep their places; picks live in the URL (./compare.tsx).
  { id: "compare", header: "Compare", cell: ({ row }) => <CompareCheckbox id={row.original.id} /> },
];
