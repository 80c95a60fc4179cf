// Shown while the associations page loads.
import { TableSkeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return <TableSkeleton label="Loading associations" />;
}
