// The overview's alert line: how many alerts wait for someone, linking to them.
// Red while any is open and unacknowledged, so it is seen before the figures.
import Link from "next/link";
import { countUnresolvedAlerts } from "@/lib/queries/alerts";
import { cn } from "../ui/cn";
import { linkClass } from "../ui/styles";

export async function OpenAlerts() {
  const { open, acknowledged } = await countUnresolvedAlerts();
  return (
    <p
      className={cn(
        "rounded-lg border p-3 text-sm",
        open > 0 ? "border-red-300 bg-red-50 text-red-950" : "border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900",
      )}
    >
      <Link className={cn(linkClass, open > 0 && "font-semibold text-red-900")} href={open > 0 ? "/alerts?status=open" : "/alerts"}>
        {open === 0 ? "No open alerts" : `${open} open alert${open === 1 ? "" : "s"}`}
      </Link>
      {acknowledged > 0 && (
        <>
          {" · "}
          <Link className={linkClass} href="/alerts?status=acknowledged">
            {acknowledged} acknowledged
          </Link>
        </>
      )}
    </p>
  );
}
