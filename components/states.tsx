// Empty and error states that tell the operator what to do next.
import Link from "next/link";
import type { ReactNode } from "react";
import { linkClass } from "./ui/styles";

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="mx-auto max-w-xl space-y-2 text-center">
      <p className="font-medium">{title}</p>
      {children && <div className="text-sm text-zinc-600 dark:text-zinc-400">{children}</div>}
    </div>
  );
}

/** For an empty database: how to get the first data in. */
export function GettingStarted() {
  return (
    <p>
      Nothing has been received yet. Load demo data with <code className="rounded bg-zinc-100 px-1 dark:bg-zinc-800">npm run demo</code>, or point your
      HighLevel app&apos;s webhooks at this server (see{" "}
      <Link className={linkClass} href="/">
        Overview
      </Link>
      ).
    </p>
  );
}

export function InvalidFilters({ issues, resetHref }: { issues: { path: string; message: string }[]; resetHref: string }) {
  return (
    <div role="alert" className="rounded-lg border border-red-300 bg-red-50 p-4 text-sm text-red-950">
      <p className="font-medium">These filters cannot be applied:</p>
      <ul className="mt-2 list-disc pl-5">
        {issues.map((i) => (
          <li key={`${i.path}:${i.message}`}>
            <code>{i.path || "query"}</code> {i.message}
          </li>
        ))}
      </ul>
      <p className="mt-3">
        <Link className={linkClass} href={resetHref}>
          Clear all filters
        </Link>
      </p>
    </div>
  );
}
