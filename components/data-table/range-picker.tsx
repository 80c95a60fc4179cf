"use client";
// The time range of a list or the overview, kept in the URL like every filter:
// `range` for a relative window (resolved by the server on each request, so a shared
// link means "the last 24 h" when opened) or `from`/`to` for absolute times, typed
// in the viewer's time zone and sent as ISO 8601 UTC. Choosing one clears the other.
import { useEffect, useState } from "react";
import { rangeLabels, relativeRangeKeys } from "@/lib/filters/range-options";
import { buttonClass, inputClass } from "../ui/styles";
import { useListParams } from "./list-params";

/** An ISO time as a datetime-local value in this browser's zone ("" when unset or unreadable). */
function toLocalInput(iso: string | null, end = false): string {
  if (!iso) return "";
  // A bare day (old links, the API's form) means its start as `from` and its end as
  // `to`, in UTC, as the server reads it: show the same moment.
  const d = new Date(iso.length === 10 ? `${iso}T${end ? "23:59:59.999" : "00:00:00"}Z` : iso);
  if (Number.isNaN(d.getTime())) return "";
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A datetime-local value (local time) as ISO UTC; null when blank. */
function fromLocalInput(value: string): string | null {
  if (!value) return null;
  const d = new Date(value); // no zone: the browser reads it as local time
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

function AbsoluteInput({ label, value, end = false, onApply }: { label: string; value: string | null; end?: boolean; onApply: (iso: string | null) => void }) {
  // Local time differs between server and browser: filled in after mount only.
  const [draft, setDraft] = useState("");
  useEffect(() => setDraft(toLocalInput(value, end)), [value, end]);
  const apply = () => {
    if (draft !== toLocalInput(value, end)) onApply(fromLocalInput(draft));
  };
  return (
    <label className="flex flex-col gap-1 text-xs font-medium text-zinc-700 dark:text-zinc-300">
      {label}
      <input
        type="datetime-local"
        className={inputClass}
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={apply}
        onKeyDown={(e) => e.key === "Enter" && apply()}
      />
    </label>
  );
}

/** `applies`: what the range filters, said beside it (e.g. "received time"). */
export function RangePicker({ applies }: { applies: string }) {
  const { params, setFilters } = useListParams();
  const active = params.range ?? (params.from || params.to ? "custom" : "all");
  const chip = (selected: boolean) => `${buttonClass} ${selected ? "border-blue-700 bg-blue-50 text-blue-900 dark:bg-blue-950 dark:text-blue-100" : ""}`;
  return (
    <fieldset className="flex flex-wrap items-end gap-3">
      <legend className="mb-1 text-xs font-medium text-zinc-700 dark:text-zinc-300">
        Time range <span className="font-normal text-zinc-600 dark:text-zinc-400">({applies})</span>
      </legend>
      <fieldset aria-label="Relative time range" className="flex min-w-0 flex-wrap gap-1">
        <button
          type="button"
          className={chip(active === "all")}
          aria-pressed={active === "all"}
          onClick={() => setFilters({ range: null, from: null, to: null })}
        >
          All time
        </button>
        {relativeRangeKeys.map((key) => (
          <button
            key={key}
            type="button"
            className={chip(active === key)}
            aria-pressed={active === key}
            onClick={() => setFilters({ range: key, from: null, to: null })}
          >
            {rangeLabels[key]}
          </button>
        ))}
      </fieldset>
      <AbsoluteInput label="From (your time)" value={params.from} onApply={(iso) => setFilters({ range: null, from: iso })} />
      <AbsoluteInput label="To (your time)" value={params.to} end onApply={(iso) => setFilters({ range: null, to: iso })} />
    </fieldset>
  );
}
