"use client";
// Acknowledge: no more messages for this alert until it resolves. Announces the
// outcome to screen readers and keeps focus on the card when the button goes away.
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { readErrorEnvelope } from "@/lib/http/error-codes";
import { buttonClass } from "../ui/styles";

async function errorText(response: Response): Promise<string> {
  return (await readErrorEnvelope(response))?.message ?? `Acknowledging failed (HTTP ${response.status})`;
}

export function AcknowledgeButton({ alertId, label }: { alertId: number; label: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState("");
  const [, startRefresh] = useTransition();

  async function acknowledge() {
    setBusy(true);
    setError(null);
    try {
      const response = await fetch(`/api/alerts/${alertId}/acknowledge`, { method: "POST" });
      if (!response.ok) {
        setError(await errorText(response));
        return;
      }
      setStatus("Acknowledged: no more messages until it resolves");
      startRefresh(() => router.refresh());
    } catch {
      setError("Acknowledging failed: the server could not be reached");
    } finally {
      setBusy(false);
    }
  }

  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <button type="button" className={buttonClass} disabled={busy} onClick={acknowledge} aria-label={`Acknowledge ${label}`}>
        {busy ? "Acknowledging…" : "Acknowledge"}
      </button>
      <span role="status" className="text-xs text-zinc-600 dark:text-zinc-400">
        {status}
      </span>
      {error && (
        <span role="alert" className="text-xs text-red-700 dark:text-red-400">
          {error}
        </span>
      )}
    </span>
  );
}
