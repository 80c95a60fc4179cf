// "old → new" for each field an event changed.
import type { FieldChange } from "@/lib/queries/changes";

export function FieldChanges({ changes }: { changes: FieldChange[] }) {
  if (changes.length === 0) return <p className="text-sm text-zinc-600 dark:text-zinc-400">No field changed.</p>;
  return (
    <ul className="space-y-1 text-sm">
      {changes.map((c) => (
        <li key={c.field} className="flex flex-wrap items-baseline gap-1">
          <span className="font-mono text-xs text-zinc-600 dark:text-zinc-400">{c.field}</span>
          <span className="rounded bg-red-50 px-1 text-red-900 line-through decoration-red-400 dark:bg-red-950 dark:text-red-200">{c.from ?? "∅"}</span>
          {/* role="img": a plain span's aria-label is not announced. */}
          <span role="img" aria-label="changed to">
            →
          </span>
          <span className="rounded bg-emerald-50 px-1 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200">{c.to ?? "∅"}</span>
        </li>
      ))}
    </ul>
  );
}
