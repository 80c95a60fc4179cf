// Overview: totals, deliveries over time, top locations, the latest events, and
// where to point HighLevel.
import Link from "next/link";
import { LocationLabel } from "@/components/location-label";
import { headers } from "next/headers";
import { RangePicker } from "@/components/data-table/range-picker";
import { DeliveriesChart, type ChartRow } from "@/components/deliveries-chart";
import { LiveUpdates } from "@/components/live-updates";
import { LocalTime } from "@/components/local-time";
import { OpenReceiverNotice, ProjectionLagBanner, ReceiverRefusals } from "@/components/receiver-status";
import { GettingStarted } from "@/components/states";
import { OpenAlerts } from "@/components/alerts/open-alerts";
import { Badge, verificationTone } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { linkClass } from "@/components/ui/styles";
import { env } from "@/lib/env";
import { handledEventTypes } from "@/lib/domain/events";
import { describeRange, overviewRangeSchema } from "@/lib/filters/range";
import { parsePageParams, type SearchParams } from "@/lib/http/page-params";
import { getRangeFigures } from "@/lib/queries/overview-range";
import { checkDatabase } from "@/lib/queries/health";
import { getDeliveriesByDay, getLocationHealth, getTotals, listLatestEvents, listTopLocations } from "@/lib/queries/overview";
import { projectorStatus } from "@/lib/queries/projector-status";
import { receiverStats } from "@/lib/receiver-stats";

function chartData(buckets: Awaited<ReturnType<typeof getDeliveriesByDay>>) {
  const types = [...new Set(buckets.map((b) => b.type))].sort();
  const days = new Map<string, ChartRow>();
  for (const b of buckets) {
    const row = days.get(b.day) ?? { day: b.day };
    row[b.type] = b.count;
    days.set(b.day, row);
  }
  return { types, rows: [...days.values()] };
}

async function webhookBase() {
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost:3000";
  return `${h.get("x-forwarded-proto") ?? "http"}://${host}/api/webhooks/highlevel`;
}

/** The URL's range for the overview links: the lists apply the same range to their own time column. */
function rangeQuery(params: Record<string, string | string[] | undefined>): string {
  const out = new URLSearchParams();
  for (const key of ["range", "from", "to"]) {
    const v = params[key];
    if (typeof v === "string" && v) out.set(key, v);
  }
  return out.toString();
}

export default async function OverviewPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const parsed = parsePageParams(overviewRangeSchema, params);
  // An unreadable range falls back to the default view, and says so below the picker.
  const range = parsed.ok && (parsed.data.range || parsed.data.from || parsed.data.to) ? parsed.data : null;
  const rangeText = range ? describeRange(range) : null;
  const linkRange = range ? rangeQuery(params) : "";
  const withRange = (href: string) => (linkRange ? `${href}${href.includes("?") ? "&" : "?"}${linkRange}` : href);
  const health = await checkDatabase();
  if (!health.ok) {
    return (
      <p role="alert" className="rounded border border-red-300 bg-red-50 p-4 text-red-950">
        The {health.database} database cannot be reached. Deliveries are answered 429 with Retry-After, the one answer HighLevel retries; this page recovers by
        itself once the database is back.
      </p>
    );
  }
  const [totals, buckets, latest, top, base, projector, locationHealth] = await Promise.all([
    getTotals(),
    getDeliveriesByDay(),
    listLatestEvents(),
    listTopLocations(),
    webhookBase(),
    projectorStatus(),
    getLocationHealth(),
  ]);
  const inRange = range ? await getRangeFigures(range.from, range.to) : null;
  const chart = chartData(inRange ? inRange.buckets : buckets);
  const figures: [string, number, string | null][] = [
    ["Active associations", totals.associationsActive, "/associations?status=active"],
    ["Deleted associations", totals.associationsDeleted, "/associations?status=deleted"],
    ["Relations", totals.relations, null],
    inRange ? [`Events, UTC days ${inRange.firstDay} – ${inRange.lastDay}`, inRange.events, withRange("/events")] : ["Events stored", totals.events, "/events"],
    ["Duplicates absorbed", totals.duplicates, null],
    inRange ? [`Rejected (${rangeText})`, inRange.rejected, withRange("/rejected")] : ["Rejected (24 h)", totals.rejected24h, "/rejected"],
  ];
  const locationFigures = [
    ["Locations installed", locationHealth.installed, "/locations?state=installed", "App installed, from the newest INSTALL/UNINSTALL"],
    ["Locations uninstalled", locationHealth.uninstalled, "/locations?state=uninstalled", "App uninstalled: no deliveries expected"],
    ["Silent locations", locationHealth.silent, "/locations?silent=1", "Usually send every day, quiet for longer than their longest quiet spell in 14 days"],
    [
      "Open reconciliation findings",
      locationHealth.openFindings,
      "/locations",
      "Differences from HighLevel's API not applied yet, from each location's newest run",
    ],
  ] as const;

  return (
    <>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-2xl font-semibold">Overview</h1>
        <LiveUpdates />
      </div>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Database <strong>{health.database}</strong> · signatures <strong>{env().HIGHLEVEL_WEBHOOK_VERIFY}</strong> · {totals.locations} location
        {totals.locations === 1 ? "" : "s"} · last event <LocalTime value={totals.lastEventAt} /> · <ReceiverRefusals stats={receiverStats()} />
      </p>
      <RangePicker applies="events received and rejected requests" />
      {!parsed.ok && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          The time range in the address could not be read ({parsed.issues.map((i) => `${i.path || "range"}: ${i.message}`).join("; ")}); showing the default
          view.
        </p>
      )}
      {inRange && (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          {rangeText}: rejected requests are counted exactly; events and the chart by whole UTC days ({inRange.firstDay} – {inRange.lastDay}
          {inRange.clipped ? ", at most 92 days" : ""}). Associations, relations, duplicates and locations are current totals.
        </p>
      )}
      <ProjectionLagBanner projector={projector} />
      <OpenAlerts />
      <OpenReceiverNotice allowedApps={env().allowedAppIds.size} allowedLocations={env().allowedLocationIds.size} />

      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
        {figures.map(([label, value, href]) => (
          <div key={label} className="rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900">
            <dt className="text-xs text-zinc-600 dark:text-zinc-400">{label}</dt>
            <dd className="text-2xl font-semibold tabular-nums">
              {href ? (
                <Link className="hover:underline focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600" href={href}>
                  {value.toLocaleString("en-US")}
                </Link>
              ) : (
                value.toLocaleString("en-US")
              )}
            </dd>
          </div>
        ))}
      </dl>

      <section aria-label="Locations">
        <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4">
          {locationFigures.map(([label, value, href, hint]) => (
            <div key={label} className="rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900" title={hint}>
              <dt className="text-xs text-zinc-600 dark:text-zinc-400">{label}</dt>
              <dd className={`text-2xl font-semibold tabular-nums ${label === "Silent locations" && value > 0 ? "text-amber-700 dark:text-amber-300" : ""}`}>
                <Link
                  className="hover:underline focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600"
                  href={href}
                  aria-label={`${label}: ${value}`}
                >
                  {value.toLocaleString("en-US")}
                </Link>
              </dd>
            </div>
          ))}
        </dl>
      </section>

      {totals.events === 0 ? (
        <Card title="Get started">
          <div className="text-sm">
            <GettingStarted />
          </div>
        </Card>
      ) : (
        <Card title={inRange ? `Deliveries per day (UTC days ${inRange.firstDay} – ${inRange.lastDay})` : "Deliveries per day (last 14 days, UTC)"}>
          <DeliveriesChart rows={chart.rows} types={chart.types} />
          <details className="mt-2 text-sm">
            <summary className="cursor-pointer">Show as a table</summary>
            <table className="mt-2 text-left">
              <caption className="sr-only">Deliveries per day and event type</caption>
              <thead>
                <tr>
                  <th scope="col" className="pr-4">
                    Day
                  </th>
                  {chart.types.map((t) => (
                    <th key={t} scope="col" className="pr-4">
                      {t}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {chart.rows.map((r) => (
                  <tr key={r.day}>
                    <td className="pr-4">{r.day}</td>
                    {chart.types.map((t) => (
                      <td key={t} className="pr-4 tabular-nums">
                        {r[t] ?? 0}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </Card>
      )}

      <div className="grid gap-6 lg:grid-cols-2">
        <Card
          title="Top locations"
          actions={
            <Link className={linkClass} href="/locations">
              All locations
            </Link>
          }
        >
          {top.length === 0 ? (
            <p className="text-sm text-zinc-600 dark:text-zinc-400">No locations yet.</p>
          ) : (
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Locations with the most events</caption>
              <thead className="text-xs text-zinc-600 dark:text-zinc-400">
                <tr>
                  <th scope="col">Location</th>
                  <th scope="col" className="text-right">
                    Associations
                  </th>
                  <th scope="col" className="text-right">
                    Events
                  </th>
                </tr>
              </thead>
              <tbody>
                {top.map((l) => (
                  <tr key={l.locationId} className="border-t border-zinc-100 dark:border-zinc-800">
                    <td className="py-1">
                      <LocationLabel id={l.locationId} name={l.locationName} />
                    </td>
                    <td className="py-1 text-right tabular-nums">{l.associations.toLocaleString("en-US")}</td>
                    <td className="py-1 text-right tabular-nums">{l.events.toLocaleString("en-US")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
        <Card
          title="Latest events"
          actions={
            <Link className={linkClass} href="/events">
              Events log
            </Link>
          }
        >
          {latest.length === 0 ? (
            <p className="text-sm text-zinc-600 dark:text-zinc-400">No events yet.</p>
          ) : (
            <table className="w-full text-left text-sm">
              <caption className="sr-only">The ten newest stored deliveries</caption>
              <thead className="text-xs text-zinc-600 dark:text-zinc-400">
                <tr>
                  <th scope="col">Event</th>
                  <th scope="col">Location</th>
                  <th scope="col">Signature</th>
                  <th scope="col" className="text-right">
                    Received
                  </th>
                </tr>
              </thead>
              <tbody>
                {latest.map((e) => (
                  <tr key={e.id} className="border-t border-zinc-100 dark:border-zinc-800">
                    <td className="py-1 pr-2">
                      <Link className={linkClass} href={`/events/${e.id}`}>
                        {e.type ?? "unclassified"} #{e.id}
                      </Link>
                    </td>
                    <td className="max-w-48 py-1 pr-2">
                      <LocationLabel id={e.locationId} name={e.locationName} />
                    </td>
                    <td className="py-1 pr-2">
                      <Badge tone={verificationTone(e.verification)}>{e.verification}</Badge>
                    </td>
                    <td className="py-1 text-right">
                      <LocalTime value={e.receivedAt} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
      </div>

      <Card title="Point HighLevel here">
        <p className="text-sm">
          Webhook URL for your HighLevel app (the body&apos;s <code>type</code> names the event):
        </p>
        <code className="mt-1 block rounded bg-zinc-100 p-2 text-sm dark:bg-zinc-800">{base}</code>
        <p className="mt-3 text-sm">Or per-event override URLs:</p>
        <ul className="mt-1 space-y-1 text-sm">
          {handledEventTypes.map((type) => (
            <li key={type}>
              <code className="rounded bg-zinc-100 px-1 dark:bg-zinc-800">{`${base}/${type}`}</code>
            </li>
          ))}
        </ul>
        <p className="mt-3 text-sm">
          JSON API:{" "}
          <Link className={linkClass} href="/api/associations">
            /api/associations
          </Link>
          ,{" "}
          <Link className={linkClass} href="/api/events">
            /api/events
          </Link>
          ,{" "}
          <Link className={linkClass} href="/api/health">
            /api/health
          </Link>{" "}
          (see the README).
        </p>
      </Card>
    </>
  );
}
