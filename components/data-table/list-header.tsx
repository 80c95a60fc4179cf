// The head of a list page: its title, a line about what it holds (or its count), and
// its actions (live updates, export) on the right.
import type { ReactNode } from "react";

export function ListHeader({ title, children, actions }: { title: string; children: ReactNode; actions: ReactNode }) {
  return (
    <div className="flex flex-wrap items-center justify-between gap-3">
      <div>
        <h1 className="text-2xl font-semibold">{title}</h1>
        <p className="max-w-3xl text-sm text-zinc-600 dark:text-zinc-400">{children}</p>
      </div>
      <div className="flex items-center gap-3">{actions}</div>
    </div>
  );
}
