"use client";
// Reconciliation on a location's page: start a run (POST), follow it while it runs
// (GET every second: phase, pages, calls, time waited for HighLevel's rate limit),
// then its findings with their evidence, Apply per finding or for all. Applied
// findings link to the synthetic "reconciled" event they became. The API token is
// never sent to the browser: the page only knows whether there is one.
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { z } from "zod";
import { LocalTime } from "@/components/local-time";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { buttonClass, primaryButtonClass } from "@/components/ui/styles";
import { readErrorEnvelope } from "@/lib/http/error-codes";
import { runJsonSchema, type RunJson } from "@/lib/domain/reconcile-run";
import { applicable, FindingItem, UnparsedList } from "./reconcile-findings";

// The reconcile API's answers, checked as they arrive.
const latestAnswer = z.object({ data: runJsonSchema.nullable() });
const startAnswer = z.object({ data: runJsonSchema });
const applyAnswer = z.object({
  data: z.object({ applied: z.array(z.unknown()), skipped: z.array(z.object({ reason: z.string() })), run: runJsonSchema.nullable() }),
});

const pollMs = 1_000;

async function errorText(response: Response, doing: string): Promise<string> {
  return (await readErrorEnvelope(response))?.message ?? `${doing} failed (HTTP ${response.status})`;
}

function Progress({ run }: { run: RunJson }) {
  const p = run.progress;
  const relations = p.relationRecords.total > 0 ? `, relations of ${p.relationRecords.checked}/${p.relationRecords.total} records` : "";
  return (
    <p className="text-sm text-zinc-700 dark:text-zinc-300" aria-live="polite">
      {run.status === "running" ? `Running: ${p.phase}. ` : ""}
      {p.pages} page{p.pages === 1 ? "" : "s"} read ({p.associationsFetched} associations){relations}, {p.rowsCompared} rows compared, {p.calls} API call
      {p.calls === 1 ? "" : "s"}
      {p.retries > 0 ? ` (${p.retries} retried)` : ""}
      {p.waitedMs > 0 ? `, ${(p.waitedMs / 1000).toFixed(1)} s waited for HighLevel's rate limit` : ""}.
    </p>
  );
}

export function ReconcileCard({ locationId, hasToken }: { locationId: string; hasToken: boolean }) {
  const router = useRouter();
  const base = `/api/locations/${encodeURIComponent(locationId)}/reconcile`;
  const [run, setRun] = useState<RunJson | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState("");
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const load = useCallback(async () => {
    const response = await fetch(base, { cache: "no-store" });
    if (!response.ok) throw new Error(await errorText(response, "Loading the latest run"));
    const { data } = latestAnswer.parse(await response.json());
    setRun(data);
    setLoaded(true);
    return data;
  }, [base]);

  // While a run is running, poll until it ends.
  useEffect(() => {
    if (run?.status !== "running") return;
    timer.current = setTimeout(() => {
      load().catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
    }, pollMs);
    return () => {
      if (timer.current) clearTimeout(timer.current);
    };
  }, [run, load]);

  useEffect(() => {
    load().catch((e: unknown) => {
      setLoaded(true);
      setError(e instanceof Error ? e.message : String(e));
    });
  }, [load]);

  async function start() {
    setBusy(true);
    setError(null);
    setNotice("");
    try {
      const response = await fetch(base, { method: "POST" });
      if (!response.ok) {
        setError(await errorText(response, "Starting the reconciliation"));
        return;
      }
      const { data } = startAnswer.parse(await response.json());
      setRun(data);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  async function apply(findingIds: number[] | null) {
    setBusy(true);
    setError(null);
    try {
      const response = await fetch(`${base}/apply`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(findingIds ? { findingIds } : {}),
      });
      if (!response.ok) {
        setError(await errorText(response, "Applying"));
        return;
      }
      const { data } = applyAnswer.parse(await response.json());
      setRun(data.run);
      const skipped = data.skipped.filter((s) => !s.reason.startsWith("not applicable"));
      setNotice(
        `Applied ${data.applied.length} finding${data.applied.length === 1 ? "" : "s"}${skipped.length ? `; ${skipped.length} not applied: ${skipped.map((s) => s.reason).join("; ")}` : ""}.`,
      );
      router.refresh(); // the page's counts follow the new events
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  const open = run && run.status !== "running" ? run.findings.filter(applicable) : [];
  return (
    <Card
      title="Reconciliation with HighLevel"
      actions={
        hasToken ? (
          <button type="button" className={primaryButtonClass} disabled={busy || run?.status === "running"} onClick={start}>
            {run?.status === "running" ? "Reconciling…" : "Reconcile now"}
          </button>
        ) : null
      }
    >
      <div className="space-y-3">
        {!hasToken && (
          <p className="text-sm text-zinc-700 dark:text-zinc-300">
            No HighLevel API token for this location. Add one to <code>HIGHLEVEL_API_TOKENS</code> to compare what webhooks told us with what HighLevel&apos;s
            API lists.
          </p>
        )}
        {error && (
          <p role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-950 dark:border-red-800 dark:bg-red-950 dark:text-red-200">
            {error}
          </p>
        )}
        {notice && (
          <p role="status" className="text-sm text-emerald-800 dark:text-emerald-300">
            {notice}
          </p>
        )}
        {!loaded ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">Loading…</p>
        ) : !run ? (
          hasToken && <p className="text-sm text-zinc-600 dark:text-zinc-400">Never reconciled.</p>
        ) : (
          <>
            <div className="flex flex-wrap items-center gap-2 text-sm">
              <span className="font-medium">Run #{run.id}</span>
              <Badge tone={run.status === "done" ? "green" : run.status === "failed" ? "red" : "blue"}>{run.status}</Badge>
              <span className="text-zinc-600 dark:text-zinc-400">
                {run.trigger}, started <LocalTime value={run.startedAt} />
                {run.finishedAt && (
                  <>
                    , finished <LocalTime value={run.finishedAt} />
                  </>
                )}
              </span>
            </div>
            <Progress run={run} />
            {run.error && (
              <p
                role="alert"
                className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-950 dark:border-red-800 dark:bg-red-950 dark:text-red-200"
              >
                {run.error}
              </p>
            )}
            {run.unparsed && run.unparsed.length > 0 && <UnparsedList unparsed={run.unparsed} />}
            {run.status !== "running" &&
              (run.findings.length === 0 ? (
                run.status === "done" && <p className="text-sm">No differences: HighLevel lists what we have.</p>
              ) : (
                <>
                  <div className="flex flex-wrap items-center justify-between gap-2">
                    <h3 className="font-medium">
                      {run.findings.length} finding{run.findings.length === 1 ? "" : "s"}
                    </h3>
                    {open.length > 0 && (
                      <button type="button" className={buttonClass} disabled={busy} onClick={() => apply(null)}>
                        Apply all ({open.length})
                      </button>
                    )}
                  </div>
                  <p className="text-xs text-zinc-600 dark:text-zinc-400">
                    Applying appends a &quot;reconciled&quot; event (never a HighLevel delivery) with HighLevel&apos;s values; the history shows it.
                  </p>
                  <ul className="space-y-3">
                    {run.findings.map((f) => (
                      <FindingItem key={f.id} finding={f} busy={busy} onApply={(id) => apply([id])} />
                    ))}
                  </ul>
                </>
              ))}
          </>
        )}
      </div>
    </Card>
  );
}
