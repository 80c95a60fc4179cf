// A label / value list, the layout every card on the location page uses.
import type { ReactNode } from "react";

export function Facts({ facts }: { facts: [string, ReactNode][] }) {
  return (
    <dl className="space-y-1 text-sm">
      {facts.map(([label, value]) => (
        <div key={label} className="flex flex-wrap justify-between gap-2 border-b border-zinc-100 py-1 dark:border-zinc-800">
          <dt className="text-zinc-600 dark:text-zinc-400">{label}</dt>
          <dd className="break-all text-right">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
