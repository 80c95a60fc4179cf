"use client";
// Pick the moment whose state the page shows: a date and time in the viewer's own
// time zone, sent as ISO 8601 UTC in the URL (at=…), by event time or receive time
// (basis=…), or "Now" for the current state. The URL is the state: a reload or a
// shared link shows the same moment.
import { parseAsString, useQueryStates } from "nuqs";
import { useId, useState, useSyncExternalStore, useTransition, type FormEvent } from "react";
import { buttonClass, inputClass } from "@/components/ui/styles";

const subscribe = () => () => {};
const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** An instant as a datetime-local value in the browser's zone (milliseconds only when there are any). */
function toLocalInput(iso: string | null): string {
  const d = iso ? new Date(iso) : null;
  if (!d || Number.isNaN(d.getTime())) return "";
  const ms = d.getMilliseconds() ? `.${pad(d.getMilliseconds(), 3)}` : "";
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}${ms}`;
}

const stateParams = { at: parseAsString, basis: parseAsString, afterEvent: parseAsString };

export function StateTimePicker({ at, basis }: { at: string | null; basis: "event" | "received" }) {
  const [isPending, startTransition] = useTransition();
  const [, setParams] = useQueryStates(stateParams, { shallow: false, history: "push", scroll: false, startTransition });
  const [problem, setProblem] = useState<string | null>(null);
  const id = useId();
  // The server cannot know the viewer's zone: it renders an empty field, the browser fills it in.
  const local = useSyncExternalStore(
    subscribe,
    () => toLocalInput(at),
    () => "",
  );
  const zone = useSyncExternalStore(
    subscribe,
    () => Intl.DateTimeFormat().resolvedOptions().timeZone,
    () => "",
  );

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const text = String(form.get("at") ?? "");
    // A datetime-local value has no zone, so Date reads it in the browser's zone, as picked.
    const when = text ? new Date(text) : null;
    if (!when || Number.isNaN(when.getTime())) {
      setProblem("Pick a date and time first.");
      return;
    }
    setProblem(null);
    const by = String(form.get("basis") ?? "event");
    void setParams({ at: when.toISOString(), basis: by === "received" ? "received" : null, afterEvent: null });
  };

  return (
    <form onSubmit={submit} className="flex flex-wrap items-end gap-3 text-sm" aria-busy={isPending}>
      <label className="flex flex-col gap-1" htmlFor={`${id}-at`}>
        State at{zone ? ` (${zone})` : ""}
        <input
          key={local}
          id={`${id}-at`}
          name="at"
          type="datetime-local"
          step="1"
          defaultValue={local}
          className={inputClass}
          aria-describedby={`${id}-problem`}
        />
      </label>
      <label className="flex flex-col gap-1" htmlFor={`${id}-basis`}>
        By
        <select key={basis} id={`${id}-basis`} name="basis" defaultValue={basis} className={inputClass}>
          <option value="event">event time (what HighLevel had then)</option>
          <option value="received">receive time (what this monitor knew then)</option>
        </select>
      </label>
      <button type="submit" className={buttonClass}>
        Show state
      </button>
      <button type="button" className={buttonClass} onClick={() => void setParams({ at: null, basis: null, afterEvent: null })}>
        Now
      </button>
      <p id={`${id}-problem`} aria-live="polite" className="basis-full text-red-700 dark:text-red-400">
        {isPending ? "Loading…" : (problem ?? "")}
      </p>
    </form>
  );
}
