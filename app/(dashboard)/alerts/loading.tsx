// Shown while the alerts load.
import { TableSkeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return <TableSkeleton rows={4} label="Loading alerts" />;
}
