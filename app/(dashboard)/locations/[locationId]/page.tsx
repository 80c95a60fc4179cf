// One location: its name (rename here), id, link into HighLevel, install state,
// activity, whether an API token is configured, and its counts with links to the
// filtered lists. Renders for any well-formed id, also one that has sent nothing
// yet, so an operator can name a location before its first delivery.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CopyButton } from "@/components/copy-button";
import { LocationNameEditor } from "@/components/location-name-editor";
import { OpenInHighLevel } from "@/components/open-in-highlevel";
import { Card } from "@/components/ui/card";
import { linkClass } from "@/components/ui/styles";
import { isLocationId } from "@/lib/filters/location-name";
import { describeLocation } from "@/lib/highlevel/location-detail";
import { ActivityFacts } from "./activity-facts";
import { Facts } from "./facts";
import { InstallFacts } from "./install-facts";
import { ReconcileCard } from "./reconcile-card";

const plural = (n: number, noun: string) => `${n.toLocaleString("en-US")} ${noun}${n === 1 ? "" : "s"}`;

type Props = { params: Promise<{ locationId: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locationId } = await params;
  if (!isLocationId(locationId)) return { title: "Location" };
  const { detail } = await describeLocation(locationId);
  return { title: `Location ${(detail.locationName ?? locationId).slice(0, 60)}` };
}

export default async function LocationPage({ params }: Props) {
  const { locationId } = await params; // already decoded by Next
  if (!isLocationId(locationId)) notFound();
  const { detail: l, known } = await describeLocation(locationId);
  const q = `locationId=${encodeURIComponent(l.locationId)}`;
  return (
    <>
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link className={linkClass} href="/locations">
          Locations
        </Link>{" "}
        / <span>{l.locationName ?? l.locationId}</span>
      </nav>
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold break-all">{l.locationName ?? l.locationId}</h1>
        <p className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
          <code className="font-mono text-xs break-all text-zinc-700 dark:text-zinc-300">
            <span className="sr-only">Location id </span>
            {l.locationId}
          </code>
          <CopyButton text={l.locationId} label="Copy id" />
          <OpenInHighLevel href={l.highLevelUrl} />
        </p>
        {l.locationName && l.name === null && <p className="text-xs text-zinc-600 dark:text-zinc-400">Name from HighLevel&apos;s API.</p>}
      </div>
      {!known && (
        <p role="note" className="rounded border border-zinc-300 bg-zinc-50 p-3 text-sm text-zinc-800 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-200">
          Nothing has been received from this location yet, and it has no name or API token. Check the id; you can still name it below, and the name will show
          as soon as it sends.
        </p>
      )}

      <Card title="Name">
        <LocationNameEditor locationId={l.locationId} name={l.name} apiName={l.apiName} />
      </Card>

      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Install">
          <InstallFacts install={l.install} />
        </Card>
        <Card title="Activity">
          <ActivityFacts detail={l} />
        </Card>
      </div>

      <Card title="Data">
        <Facts
          facts={[
            [
              "associations",
              <Link key="a" className={linkClass} href={`/associations?${q}`}>
                {plural(l.associations, "association")}
              </Link>,
            ],
            [
              "events",
              <Link key="e" className={linkClass} href={`/events?${q}`}>
                {plural(l.events, "event")}
              </Link>,
            ],
            [
              "relations",
              <span key="r">
                {plural(l.relations, "relation")} (
                <a className={linkClass} href={`/api/export/relations.csv?${q}`} download>
                  CSV
                </a>
                ,{" "}
                <a className={linkClass} href={`/api/relations?${q}`}>
                  JSON
                </a>
                )
              </span>,
            ],
            ["HighLevel API token", l.hasToken ? "yes (configured in HIGHLEVEL_API_TOKENS)" : "no"],
          ]}
        />
      </Card>
      <ReconcileCard locationId={l.locationId} hasToken={l.hasToken} />
    </>
  );
}
