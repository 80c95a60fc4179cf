// One alert: what holds, since when, its figures and sample, a link to the filtered
// view, the messages per channel (by fingerprint, never the URL) and its timeline.
import Link from "next/link";
import type { AlertRow } from "@/lib/queries/alerts-list";
import { LocalTime } from "../local-time";
import { Badge, type Tone } from "../ui/badge";
import { linkClass } from "../ui/styles";
import { AcknowledgeButton } from "./acknowledge-button";

const statusTone: Record<string, Tone> = { open: "red", acknowledged: "amber", resolved: "green" };
const kindTone: Record<string, Tone> = { opened: "red", notified: "blue", notify_failed: "red", acknowledged: "amber", resolved: "green" };

function Facts({ values }: { values: Record<string, string | number | null> }) {
  const entries = Object.entries(values).filter(([, v]) => v !== null);
  if (entries.length === 0) return null;
  return (
    <dl className="flex flex-wrap gap-x-4 gap-y-1 font-mono text-xs">
      {entries.map(([k, v]) => (
        <div key={k} className="flex gap-1">
          <dt className="text-zinc-600 dark:text-zinc-400">{k}:</dt>
          <dd className="break-all">{String(v)}</dd>
        </div>
      ))}
    </dl>
  );
}

export function AlertCard({ alert }: { alert: AlertRow }) {
  const title = `${alert.rule.replaceAll("_", " ")}${alert.subject ? `: ${alert.details.locationName ?? alert.subject}` : ""}`;
  const headingId = `alert-${alert.id}`;
  return (
    <li aria-labelledby={headingId} className="rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <h2 id={headingId} className="font-semibold">
          #{alert.id} {title}
        </h2>
        <Badge tone={statusTone[alert.status] ?? "gray"}>{alert.status}</Badge>
        <span className="text-xs text-zinc-600 dark:text-zinc-400">
          opened <LocalTime value={alert.openedAt} />
        </span>
        {alert.acknowledgedAt && (
          <span className="text-xs text-zinc-600 dark:text-zinc-400">
            acknowledged <LocalTime value={alert.acknowledgedAt} />
          </span>
        )}
        {alert.resolvedAt && (
          <span className="text-xs text-zinc-600 dark:text-zinc-400">
            resolved <LocalTime value={alert.resolvedAt} />
          </span>
        )}
        {alert.status === "open" && <AcknowledgeButton alertId={alert.id} label={`alert #${alert.id} ${title}`} />}
      </div>
      <p className="mt-1 text-sm">{alert.summary}</p>
      <p className="mt-1 text-sm">
        <Link className={`${linkClass} underline`} href={alert.details.path}>
          Open the filtered view
        </Link>
        {alert.status !== "resolved" && (
          <span className="text-xs text-zinc-600 dark:text-zinc-400">
            {" "}
            · last true <LocalTime value={alert.lastTrueAt} />
          </span>
        )}
      </p>
      <div className="mt-2 space-y-1">
        <Facts values={alert.details.counts} />
        {alert.details.sample && (
          <div className="text-xs">
            <span className="font-medium">Sample</span> <Facts values={alert.details.sample} />
          </div>
        )}
      </div>
      {alert.notifications.length > 0 && (
        <ul aria-label={`Messages of alert #${alert.id}`} className="mt-2 space-y-0.5 text-xs">
          {alert.notifications.map((n) => (
            <li key={n.id} className="flex flex-wrap items-center gap-2">
              <Badge tone={n.status === "sent" ? "green" : n.status === "failed" ? "red" : n.status === "pending" ? "amber" : "gray"}>
                {n.event} {n.status}
              </Badge>
              <span className="font-mono">{n.channel}</span>
              <span>
                {n.attempts} attempt{n.attempts === 1 ? "" : "s"}
              </span>
              {n.status === "pending" && (
                <span>
                  next <LocalTime value={n.nextAttemptAt} />
                </span>
              )}
              {n.lastError && <span className="text-red-700 dark:text-red-400">{n.lastError}</span>}
            </li>
          ))}
        </ul>
      )}
      <details className="mt-2 text-sm" open={alert.status !== "resolved"}>
        <summary className="cursor-pointer">Timeline ({alert.timeline.length})</summary>
        <ol aria-label={`Timeline of alert #${alert.id}`} className="mt-1 space-y-1">
          {alert.timeline.map((e, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a timeline is append-only and shown in its stored order, so an entry keeps its index
            <li key={i} className="flex flex-wrap items-baseline gap-2 text-xs">
              <LocalTime value={e.at} />
              <Badge tone={kindTone[e.kind] ?? "gray"}>{e.kind}</Badge>
              <span className="break-words">{e.message}</span>
            </li>
          ))}
        </ol>
      </details>
    </li>
  );
}
