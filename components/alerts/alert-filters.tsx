"use client";
// Status and rule filters of the Alerts page, kept in the URL (nuqs) so a link
// shows the same view; a change goes back to the first page.
import { parseAsString, useQueryStates } from "nuqs";
import { useTransition } from "react";
import { alertRuleNames, alertStatuses } from "@/lib/domain/values";
import { buttonClass, inputClass } from "../ui/styles";

const parsers = { status: parseAsString, rule: parseAsString, cursor: parseAsString, before: parseAsString };

export function AlertFilters() {
  const [isPending, startTransition] = useTransition();
  const [params, setParams] = useQueryStates(parsers, { shallow: false, history: "push", scroll: false, startTransition });
  const set = (name: "status" | "rule", value: string) => setParams({ [name]: value || null, cursor: null, before: null });
  const select = (name: "status" | "rule", label: string, values: readonly string[]) => (
    <label className="flex flex-col gap-1 text-xs font-medium text-zinc-700 dark:text-zinc-300">
      {label}
      <select className={inputClass} value={params[name] ?? ""} onChange={(e) => set(name, e.target.value)}>
        <option value="">All</option>
        {values.map((v) => (
          <option key={v} value={v}>
            {v.replaceAll("_", " ")}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    // biome-ignore lint/a11y/useSemanticElements: the form is the search landmark, as in the table filter bar; <search> would wrap it in one more element for the same role
    <form role="search" aria-label="Filters" aria-busy={isPending} className="flex flex-wrap items-end gap-3" onSubmit={(e) => e.preventDefault()}>
      {select("status", "Status", alertStatuses)}
      {select("rule", "Rule", alertRuleNames)}
      <button
        type="button"
        className={buttonClass}
        disabled={!params.status && !params.rule}
        onClick={() => setParams({ status: null, rule: null, cursor: null, before: null })}
      >
        Clear filters
      </button>
    </form>
  );
}
