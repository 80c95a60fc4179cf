"use client";
// Picking two events on the list to compare: the picks live in the URL (compare=12,34),
// so they survive paging, filtering and a reload, and changing them re-renders nothing
// on the server (shallow). "Compare selected" opens /events/diff, older event as A.
import { parseAsArrayOf, parseAsInteger, useQueryState } from "nuqs";
import Link from "next/link";
import { buttonClass, primaryButtonClass } from "@/components/ui/styles";

const compareParam = parseAsArrayOf(parseAsInteger).withDefault([]).withOptions({ shallow: true, history: "replace", scroll: false });

function useCompare() {
  const [ids, setIds] = useQueryState("compare", compareParam);
  const toggle = (id: number, on: boolean) => setIds((now) => (on ? [...new Set([...now, id])] : now.filter((x) => x !== id)));
  return { ids, toggle, clear: () => setIds(null) };
}

export function CompareCheckbox({ id }: { id: number }) {
  const { ids, toggle } = useCompare();
  return (
    <input
      type="checkbox"
      className="h-4 w-4 accent-blue-700"
      aria-label={`Compare event #${id}`}
      checked={ids.includes(id)}
      onChange={(e) => toggle(id, e.target.checked)}
    />
  );
}

export function CompareBar() {
  const { ids, clear } = useCompare();
  const ready = ids.length === 2;
  const [a, b] = [...ids].sort((x, y) => x - y);
  const status =
    ids.length === 0
      ? "Tick Compare on two events to see what differs between them."
      : ready
        ? `Events #${a} and #${b} selected.`
        : ids.length === 1
          ? `Event #${ids[0]} selected: tick one more.`
          : `${ids.length} events selected: compare works on exactly two.`;
  return (
    <div className="flex flex-wrap items-center gap-3 text-sm">
      {ready ? (
        <Link className={primaryButtonClass} href={`/events/diff?a=${a}&b=${b}`}>
          Compare selected
        </Link>
      ) : (
        // A link cannot be disabled; a disabled button says the same and is skipped by Tab.
        <button type="button" className={buttonClass} disabled>
          Compare selected
        </button>
      )}
      {ids.length > 0 && (
        <button type="button" className={buttonClass} onClick={clear}>
          Clear selection
        </button>
      )}
      <p aria-live="polite" className="text-zinc-600 dark:text-zinc-400">
        {status}
      </p>
    </div>
  );
}
