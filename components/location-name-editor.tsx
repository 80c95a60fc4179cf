"use client";
// Rename a location: the operator's name for it, which wins over HighLevel's.
// Used on the location's page (open form) and in the Locations list (`compact`: a
// "Rename" button that opens the form in place). Saves with PUT
// /api/locations/{id}/name, then refreshes the server-rendered page so every name on
// it updates; until the refresh lands the new name shows at once (optimistic).
// Keyboard: Enter saves, Escape cancels (and closes the compact form).
import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState, useTransition } from "react";
import { z } from "zod";
import { LOCATION_NAME_MAX } from "@/lib/filters/location-name";
import { readErrorEnvelope } from "@/lib/http/error-codes";
import { buttonClass, inputClass, primaryButtonClass } from "./ui/styles";

/** PUT /api/locations/{locationId}/name's answer, as far as the editor reads it. */
const savedAnswer = z.object({ data: z.object({ name: z.string().nullable() }) });

export interface LocationNameEditorProps {
  locationId: string;
  /** The operator's current name (null when none is set). */
  name: string | null;
  /** HighLevel's name, shown as what clearing falls back to. */
  apiName: string | null;
  /** A "Rename" button that opens the form in place, for tables. */
  compact?: boolean;
  /** Called with the saved operator name (null = cleared), after the save. */
  onSaved?: (name: string | null) => void;
}

/** The envelope's message, with the first detail when it says more ("name must be at most 120 characters"). */
async function errorText(response: Response): Promise<string> {
  const error = await readErrorEnvelope(response);
  const detail = Array.isArray(error?.details) ? error.details[0] : undefined;
  if (detail?.message) return `${detail.path ? `${detail.path} ` : ""}${detail.message}`;
  return error?.message ?? `Saving failed (HTTP ${response.status})`;
}

export function LocationNameEditor({ locationId, name, apiName, compact = false, onSaved }: LocationNameEditorProps) {
  const router = useRouter();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [open, setOpen] = useState(!compact);
  const [saved, setSaved] = useState(name);
  const [draft, setDraft] = useState(name ?? "");
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState("");
  const [saving, setSaving] = useState(false);
  const [, startRefresh] = useTransition();

  // A new name from the server (after a refresh, or another tab) replaces the form's.
  useEffect(() => {
    setSaved(name);
    setDraft(name ?? "");
  }, [name]);
  useEffect(() => {
    if (compact && open) input.current?.focus();
  }, [compact, open]);

  async function save(next: string | null) {
    setSaving(true);
    setError(null);
    setStatus("Saving…");
    try {
      const response = await fetch(`/api/locations/${encodeURIComponent(locationId)}/name`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name: next }),
      });
      if (!response.ok) {
        setStatus("");
        setError(await errorText(response));
        input.current?.focus();
        return;
      }
      const { data } = savedAnswer.parse(await response.json());
      setSaved(data.name);
      setDraft(data.name ?? "");
      setStatus(data.name ? `Saved: ${data.name}` : apiName ? `Name cleared: HighLevel's name "${apiName}" shows again` : "Name cleared");
      if (compact) setOpen(false);
      onSaved?.(data.name);
      startRefresh(() => router.refresh());
    } catch {
      setStatus("");
      setError("Saving failed: the server could not be reached");
    } finally {
      setSaving(false);
    }
  }

  function cancel() {
    setDraft(saved ?? "");
    setError(null);
    if (compact) setOpen(false);
  }

  if (!open) {
    return (
      // Its own line: beside a long wrapped id, an inline button covered the id's end.
      <div className="mt-1 flex items-center gap-2">
        <button type="button" className={buttonClass} onClick={() => setOpen(true)} aria-label={`Rename location ${saved ?? apiName ?? locationId}`}>
          Rename
        </button>
        <span aria-live="polite" className="text-xs text-zinc-600 dark:text-zinc-400">
          {status}
        </span>
      </div>
    );
  }

  const trimmed = draft.trim();
  // Said while typing; the server checks the same rule (and control characters) on save.
  const tooLong = [...trimmed].length > LOCATION_NAME_MAX;
  return (
    <form
      className="flex flex-col gap-1"
      aria-label="Location name"
      onSubmit={(e) => {
        e.preventDefault();
        void save(trimmed === "" ? null : trimmed);
      }}
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.preventDefault();
          cancel();
        }
      }}
    >
      <label htmlFor={`${id}-name`} className="text-xs font-medium text-zinc-700 dark:text-zinc-300">
        Display name
      </label>
      <div className="flex flex-wrap items-center gap-2">
        <input
          ref={input}
          id={`${id}-name`}
          className={`${inputClass} w-72`}
          value={draft}
          placeholder={apiName ?? "e.g. Acme Dental – Main St"}
          onChange={(e) => setDraft(e.target.value)}
          aria-invalid={error !== null || tooLong}
          aria-describedby={`${id}-help ${id}-error`}
          autoComplete="off"
          disabled={saving}
        />
        <button type="submit" className={primaryButtonClass} disabled={saving || tooLong || trimmed === (saved ?? "")}>
          Save name
        </button>
        {saved !== null && (
          <button type="button" className={buttonClass} disabled={saving} onClick={() => void save(null)}>
            Clear name
          </button>
        )}
        {compact && (
          <button type="button" className={buttonClass} onClick={cancel}>
            Cancel
          </button>
        )}
      </div>
      <p id={`${id}-help`} className="text-xs text-zinc-600 dark:text-zinc-400">
        {apiName ? `Your name replaces HighLevel's ("${apiName}"); clear it to show HighLevel's again.` : "Shown wherever this location appears."} Up to{" "}
        {LOCATION_NAME_MAX} characters.
      </p>
      <p id={`${id}-error`} role="alert" className="text-sm text-red-700 dark:text-red-400">
        {tooLong ? `The name is ${[...trimmed].length} characters; at most ${LOCATION_NAME_MAX}.` : error}
      </p>
      <p aria-live="polite" className="text-xs text-zinc-600 dark:text-zinc-400">
        {status}
      </p>
    </form>
  );
}
