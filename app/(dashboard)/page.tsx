// Home: is the receiver up, where to point HighLevel, and what has arrived so far.
import { headers } from "next/headers";
import { env } from "@/lib/env";
import { handledEventTypes } from "@/lib/highlevel/events";
import { checkDatabase } from "@/lib/queries/health";
import { getTotals } from "@/lib/queries/overview";

export const dynamic = "force-dynamic";

const apiLinks = [
  ["/api/associations", "Associations (current state)"],
  ["/api/relations", "Relations"],
  ["/api/events", "Events log"],
  ["/api/locations", "Locations"],
  ["/api/rejected", "Rejected requests"],
  ["/api/health", "Health"],
] as const;

export default async function HomePage() {
  const health = await checkDatabase();
  const totals = health.ok ? await getTotals() : null;
  const requestHeaders = await headers();
  const host = requestHeaders.get("x-forwarded-host") ?? requestHeaders.get("host") ?? "localhost:3000";
  const scheme = requestHeaders.get("x-forwarded-proto") ?? "http";
  const base = `${scheme}://${host}/api/webhooks/highlevel`;
  const verify = env().HIGHLEVEL_WEBHOOK_VERIFY;
  return (
    <main className="mx-auto max-w-4xl space-y-8 p-8">
      <header>
        <h1 className="text-2xl font-semibold">Association Monitor</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Receives HighLevel association webhooks, stores every delivery and projects the current state.
        </p>
      </header>

      {verify === "off" && (
        <p role="alert" className="rounded border border-amber-400 bg-amber-50 p-3 text-sm text-amber-900">
          Signature verification is off (HIGHLEVEL_WEBHOOK_VERIFY=off): anyone who can reach this server can post events.
        </p>
      )}

      <section aria-labelledby="status" className="rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
        <h2 id="status" className="mb-2 font-medium">Status</h2>
        {health.ok ? (
          <p className="text-sm">
            Database: <strong>{health.database}</strong> · reachable · signatures: <strong>{verify}</strong>
          </p>
        ) : (
          <p role="alert" className="text-sm text-red-700">
            The {health.database} database cannot be reached. Deliveries are answered 503 so HighLevel retries them.
          </p>
        )}
        {totals && (
          <dl className="mt-4 grid grid-cols-2 gap-4 sm:grid-cols-3">
            {(
              [
                ["Locations", totals.locations],
                ["Associations", totals.associations],
                ["Relations", totals.relations],
                ["Events stored", totals.events],
                ["Rejected requests", totals.rejected],
              ] as const
            ).map(([label, value]) => (
              <div key={label}>
                <dt className="text-xs uppercase tracking-wide text-zinc-500">{label}</dt>
                <dd className="text-xl font-semibold tabular-nums">{value.toLocaleString("en-US")}</dd>
              </div>
            ))}
          </dl>
        )}
      </section>

      <section aria-labelledby="setup" className="space-y-2">
        <h2 id="setup" className="font-medium">Point HighLevel here</h2>
        <p className="text-sm">Set your HighLevel app&apos;s webhook URL to</p>
        <code className="block rounded bg-zinc-100 p-2 text-sm dark:bg-zinc-800">{base}</code>
        <p className="text-sm">or, for per-event override URLs:</p>
        <ul className="space-y-1 text-sm">
          {handledEventTypes.map((type) => (
            <li key={type}>
              <code className="rounded bg-zinc-100 px-1 dark:bg-zinc-800">{`${base}/${type}`}</code>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="api" className="space-y-2">
        <h2 id="api" className="font-medium">JSON API</h2>
        <ul className="list-disc pl-5 text-sm">
          {apiLinks.map(([href, label]) => (
            <li key={href}>
              <a className="text-blue-700 underline dark:text-blue-400" href={href}>
                {label}
              </a>{" "}
              <code className="text-zinc-500">{href}</code>
            </li>
          ))}
        </ul>
      </section>
    </main>
  );
}
