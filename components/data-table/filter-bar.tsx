"use client";
// The filters above a list, described by a small config so every page gets the
// same labelled, keyboard-usable controls. Text applies after a short pause or on
// Enter; every change goes to the URL and back to the first page.
import { useEffect, useId, useRef, useState } from "react";
import { buttonClass, inputClass } from "../ui/styles";
import { useListParams, type ListParam } from "./list-params";

/** A suggestion is the value it fills in, optionally shown with a label (e.g. a location's "Name (id)"). */
export type Suggestion = string | { value: string; label: string };

export type FilterField =
  | { name: ListParam; label: string; kind: "text"; placeholder?: string; suggestions?: Suggestion[]; wide?: boolean }
  | { name: ListParam; label: string; kind: "select"; options: { value: string; label: string }[] }
  | { name: ListParam; label: string; kind: "date" };

function TextFilter({ field, value, onChange }: { field: Extract<FilterField, { kind: "text" }>; value: string; onChange: (v: string) => void }) {
  const [draft, setDraft] = useState(value);
  const id = useId();
  // The parent hands a new onChange on every render: read it through a ref, so a
  // re-render (live updates, a refresh) does not restart the pause after typing.
  const latest = useRef(onChange);
  latest.current = onChange;
  useEffect(() => setDraft(value), [value]);
  useEffect(() => {
    if (draft === value) return;
    const timer = setTimeout(() => latest.current(draft), 400);
    return () => clearTimeout(timer);
  }, [draft, value]);
  return (
    <label className="flex flex-col gap-1 text-xs font-medium text-zinc-700 dark:text-zinc-300">
      {field.label}
      <input
        className={`${inputClass} ${field.wide ? "w-72" : "w-48"}`}
        value={draft}
        placeholder={field.placeholder}
        list={field.suggestions ? `${id}-list` : undefined}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={(e) => e.key === "Enter" && onChange(draft)}
        autoComplete="off"
        spellCheck={false}
        // The list's search (q), where the `/` shortcut puts the cursor (components/keyboard).
        data-list-search={field.name === "q" ? "" : undefined}
      />
      {field.suggestions && (
        <datalist id={`${id}-list`}>
          {field.suggestions.map((s) =>
            typeof s === "string" ? (
              <option key={s} value={s} />
            ) : (
              // Browsers match what is typed against the label too, so a name finds its id.
              <option key={s.value} value={s.value} label={s.label} />
            ),
          )}
        </datalist>
      )}
    </label>
  );
}

export function FilterBar({ fields }: { fields: FilterField[] }) {
  const { params, setFilters } = useListParams();
  const active = fields.some((f) => params[f.name]);
  return (
    // biome-ignore lint/a11y/useSemanticElements: the form is the search landmark; <search> would wrap it in one more element for the same role
    <form role="search" aria-label="Filters" className="flex flex-wrap items-end gap-3" onSubmit={(e) => e.preventDefault()}>
      {fields.map((field) => {
        const value = params[field.name] ?? "";
        const set = (v: string) => setFilters({ [field.name]: v });
        if (field.kind === "text") return <TextFilter key={field.name} field={field} value={value} onChange={set} />;
        if (field.kind === "select") {
          return (
            <label key={field.name} className="flex flex-col gap-1 text-xs font-medium text-zinc-700 dark:text-zinc-300">
              {field.label}
              <select className={inputClass} value={value} onChange={(e) => set(e.target.value)}>
                <option value="">All</option>
                {field.options.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            </label>
          );
        }
        return (
          <label key={field.name} className="flex flex-col gap-1 text-xs font-medium text-zinc-700 dark:text-zinc-300">
            {field.label}
            <input type="date" className={inputClass} value={value.slice(0, 10)} onChange={(e) => set(e.target.value)} />
          </label>
        );
      })}
      <button type="button" className={buttonClass} disabled={!active} onClick={() => setFilters(Object.fromEntries(fields.map((f) => [f.name, null])))}>
        Clear filters
      </button>
    </form>
  );
}
