// Shown while the events log loads.
import { TableSkeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return <TableSkeleton label="Loading events" />;
}
