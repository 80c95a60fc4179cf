// When the location last sent, how much lately against its usual day, and whether
// it has gone silent (and what that means here).
import { LocalTime } from "@/components/local-time";
import { Badge } from "@/components/ui/badge";
import { formatDuration as duration } from "@/lib/format-duration";
import type { LocationDetail } from "@/lib/highlevel/location-detail";
import { Facts } from "./facts";

const deliveries = (n: number) => `${n.toLocaleString("en-US", { maximumFractionDigits: 1 })} ${n === 1 ? "delivery" : "deliveries"}`;

export function ActivityFacts({ detail: l }: { detail: LocationDetail }) {
  const a = l.activity;
  if (!a) return <p className="text-sm text-zinc-600 dark:text-zinc-400">No delivery has named this location yet.</p>;
  const usual = a.usualQuietMs === null ? null : duration(Math.max(a.usualQuietMs, 2 * 3_600_000));
  return (
    <div className="space-y-3">
      <Facts
        facts={[
          ["last delivery", <LocalTime key="r" value={l.lastReceivedAt} />],
          ["last 24 hours", deliveries(a.last24h)],
          ["usual day (median of 14)", deliveries(a.median14d)],
          ["newest event time", <LocalTime key="e" value={l.lastEventAt} />],
        ]}
      />
      {a.silent ? (
        <p
          role="status"
          className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-200"
        >
          <Badge tone="amber">silent</Badge> Nothing received for {a.silentForMs === null ? "ever" : duration(a.silentForMs)}, longer than its longest quiet
          spell of the last 14 days{usual ? ` (${usual})` : ""}, although it usually sends every day and is not uninstalled. HighLevel may have paused the
          webhook, the app may have lost access, or deliveries are being lost: check the app in HighLevel.
        </p>
      ) : (
        <p className="text-xs text-zinc-600 dark:text-zinc-400">
          {l.install.state === "uninstalled"
            ? "Uninstalled: no deliveries are expected."
            : a.median14d < 1
              ? "Does not usually send every day, so a quiet spell is not flagged as silence."
              : "Sending as usual."}
        </p>
      )}
    </div>
  );
}
