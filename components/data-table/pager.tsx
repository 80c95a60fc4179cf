"use client";
// Cursor paging controls: first / previous / next and the page size, for the lists
// and the association's history. Keyset
// cursors keep deep pages as fast as the first and never repeat or skip rows.
import { buttonClass, inputClass } from "../ui/styles";
import { useListParams } from "./list-params";

const sizes = ["25", "50", "100", "200"];

/** What the buttons say: a list pages First / Previous / Next; a history, newest first, Newest / Newer / Older. */
export interface PagerLabels {
  first: string;
  previous: string;
  next: string;
}

const listLabels: PagerLabels = { first: "First", previous: "Previous", next: "Next" };

export function Pager({
  nextCursor,
  prevCursor,
  shown,
  defaultLimit = "50",
  noun = "row",
  labels = listLabels,
}: {
  nextCursor: string | null;
  prevCursor: string | null;
  shown: number;
  defaultLimit?: string;
  /** What a row is, singular ("row", "event"). */
  noun?: string;
  labels?: PagerLabels;
}) {
  const { params, setParams, setFilters, isPending } = useListParams();
  // Walking back with Previous reaches the first page through before=…: no rows before it then.
  const onFirstPage = (!params.cursor && !params.before) || (Boolean(params.before) && !prevCursor);
  return (
    <nav aria-label="Pagination" className="flex flex-wrap items-center justify-between gap-3 text-sm">
      <p aria-live="polite" className="text-zinc-600 dark:text-zinc-400">
        {isPending ? "Loading…" : `Showing ${shown} ${noun}${shown === 1 ? "" : "s"}${onFirstPage ? "" : " (not the first page)"}`}
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <label className="flex items-center gap-2">
          {`${noun.charAt(0).toUpperCase()}${noun.slice(1)}s`} per page
          <select
            className={inputClass}
            value={params.limit ?? defaultLimit}
            onChange={(e) => setFilters({ limit: e.target.value === defaultLimit ? null : e.target.value })}
          >
            {/* A size set in the URL (e.g. limit=2 from a script or a shared link) is offered too. */}
            {[...new Set([...sizes, defaultLimit, params.limit ?? defaultLimit])]
              .sort((a, b) => Number(a) - Number(b))
              .map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
          </select>
        </label>
        <button type="button" className={buttonClass} disabled={onFirstPage} onClick={() => setParams({ cursor: null, before: null })}>
          {labels.first}
        </button>
        <button type="button" className={buttonClass} disabled={!prevCursor} onClick={() => setParams({ cursor: null, before: prevCursor })}>
          ← {labels.previous}
        </button>
        <button type="button" className={buttonClass} disabled={!nextCursor} onClick={() => setParams({ cursor: nextCursor, before: null })}>
          {labels.next} →
        </button>
      </div>
    </nav>
  );
}
