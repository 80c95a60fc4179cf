"use client";
// Columns of the locations table: who the location is, whether the app is installed
// there, when it last sent and how that compares with its usual day, and whether it
// has gone silent (with the numbers behind the verdict). Names come from outside, so
// they are only ever rendered as text.
import Link from "next/link";
import { locationHref } from "@/components/location-label";
import { LocationNameEditor } from "@/components/location-name-editor";
import { LocalTime } from "@/components/local-time";
import { Badge } from "@/components/ui/badge";
import { linkClass } from "@/components/ui/styles";
import { silenceExplanation } from "@/lib/format-duration";
import type { ListColumn } from "@/components/data-table/data-table";
import type { LocationSortKey } from "@/lib/filters/locations";
import type { LocationRow } from "@/lib/queries/locations";

const count = (n: number) => n.toLocaleString("en-US", { maximumFractionDigits: 1 });

function InstallState({ row }: { row: LocationRow }) {
  if (row.installState === "installed") {
    return (
      <div className="space-y-0.5">
        <Badge tone="green">installed</Badge>
        <div className="text-xs text-zinc-600 dark:text-zinc-400">
          since <LocalTime value={row.installedAt} />
        </div>
      </div>
    );
  }
  if (row.installState === "uninstalled") {
    return (
      <div className="space-y-0.5">
        <Badge tone="red">uninstalled</Badge>
        <div className="text-xs text-zinc-600 dark:text-zinc-400">
          at <LocalTime value={row.uninstalledAt} />
        </div>
      </div>
    );
  }
  return <Badge title="No INSTALL or UNINSTALL delivery has named this location">unknown</Badge>;
}

function Silence({ row }: { row: LocationRow }) {
  if (row.silent && row.silentForMs !== null) {
    return (
      <div className="space-y-0.5">
        <Badge tone="amber">silent</Badge>
        <div className="max-w-56 text-xs text-zinc-700 dark:text-zinc-300">{silenceExplanation(row.silentForMs, row.usualQuietMs)}</div>
      </div>
    );
  }
  const why = row.installState === "uninstalled" ? "uninstalled" : row.median14d < 1 ? "not a daily sender" : "sending as usual";
  return <span className="text-xs text-zinc-500 dark:text-zinc-400">{why}</span>;
}

export const locationColumns: ListColumn<LocationRow, LocationSortKey>[] = [
  {
    id: "name",
    enableSorting: true,
    header: "Location",
    cell: ({ row: { original: l } }) => (
      <div className="max-w-72 break-all">
        <Link className={`${linkClass} font-medium`} href={locationHref(l.locationId)}>
          {l.name ?? <span className="font-mono text-xs">{l.locationId}</span>}
        </Link>
        {l.name && <div className="font-mono text-xs text-zinc-600 dark:text-zinc-400">{l.locationId}</div>}
        <LocationNameEditor locationId={l.locationId} name={l.operatorName} apiName={l.apiName} compact />
      </div>
    ),
  },
  { id: "state", enableSorting: true, header: "App", cell: ({ row }) => <InstallState row={row.original} /> },
  { id: "lastReceived", enableSorting: true, header: "Last delivery", cell: ({ row }) => <LocalTime value={row.original.lastReceivedAt} /> },
  {
    id: "last24h",
    enableSorting: true,
    header: "24 h",
    cell: ({ row: { original: l } }) => (
      <div className="tabular-nums whitespace-nowrap" title="Deliveries in the last 24 hours, and the median of the 14 days before">
        {count(l.last24h)} <span className="text-xs text-zinc-600 dark:text-zinc-400">/ usual {count(l.median14d)}</span>
      </div>
    ),
  },
  { id: "silent", header: "Silence", cell: ({ row }) => <Silence row={row.original} /> },
  { id: "associations", header: "Associations", cell: ({ row }) => <span className="tabular-nums">{count(row.original.associations)}</span> },
  { id: "relations", header: "Relations", cell: ({ row }) => <span className="tabular-nums">{count(row.original.relations)}</span> },
  { id: "events", enableSorting: true, header: "Events", cell: ({ row }) => <span className="tabular-nums">{count(row.original.events)}</span> },
  {
    id: "open",
    header: "Open",
    cell: ({ row: { original: l } }) => {
      const q = `locationId=${encodeURIComponent(l.locationId)}`;
      return (
        <span className="space-x-3 whitespace-nowrap">
          <Link className={linkClass} href={`/associations?${q}`} aria-label={`Associations in ${l.locationId}`}>
            Associations
          </Link>
          <Link className={linkClass} href={`/events?${q}`} aria-label={`Events in ${l.locationId}`}>
            Events
          </Link>
        </span>
      );
    },
  },
];
