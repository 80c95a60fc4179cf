"use client";
// Error state for any dashboard page: says what happened and offers a retry.
import { buttonClass } from "@/components/ui/styles";

export default function DashboardError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="space-y-3 rounded-lg border border-red-300 bg-red-50 p-4 text-red-950">
      <h1 className="text-lg font-semibold">This page could not be loaded</h1>
      <p className="text-sm">
        The server could not read the data (the database may be unavailable). Deliveries are still answered with 503 so HighLevel retries them.
        {error.digest ? ` Reference: ${error.digest}.` : ""}
      </p>
      <button type="button" className={buttonClass} onClick={reset}>
        Try again
      </button>
    </div>
  );
}
