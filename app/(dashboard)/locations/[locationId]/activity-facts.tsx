// When the location last sent, from the counts the projection keeps.
import { LocalTime } from "@/components/local-time";
import type { LocationDetail } from "@/lib/queries/location-detail";
import { Facts } from "./facts";

export function ActivityFacts({ detail: l }: { detail: LocationDetail }) {
  return (
    <Facts
      facts={[
        ["last delivery received", <LocalTime key="r" value={l.lastReceivedAt} />],
        ["newest event time", <LocalTime key="e" value={l.lastEventAt} />],
      ]}
    />
  );
}
