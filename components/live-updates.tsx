"use client";
// Live updates by polling: every few seconds ask how many deliveries arrived since
// the page was rendered, and offer them as a button instead of moving rows under
// the user's pointer. Polling (not SSE) because it works unchanged behind any
// proxy, on several app instances and on SQLite, which has no change notifications.
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";
import { z } from "zod";
import { primaryButtonClass } from "./ui/styles";

/** GET /api/events/latest's answer. */
const latestAnswer = z.object({ latestId: z.number(), newEvents: z.number(), capped: z.boolean().optional() });

const intervalMs = 3000;

export function LiveUpdates() {
  const router = useRouter();
  const baseline = useRef<number | null>(null);
  /** The newest event id the last poll saw: everything up to it is in a refresh started now. */
  const latestSeen = useRef<number | null>(null);
  const [fresh, setFresh] = useState<{ count: number; capped: boolean }>({ count: 0, capped: false });
  const [paused, setPaused] = useState(false);
  const [isPending, startTransition] = useTransition();

  useEffect(() => {
    let cancelled = false;
    const poll = async () => {
      if (document.hidden) return; // no polling in background tabs
      try {
        const since = baseline.current;
        const res = await fetch(`/api/events/latest${since === null ? "" : `?since=${since}`}`, { cache: "no-store" });
        if (!res.ok || cancelled) return;
        const body = latestAnswer.parse(await res.json());
        latestSeen.current = Math.max(latestSeen.current ?? 0, body.latestId);
        if (baseline.current === null) baseline.current = body.latestId;
        // An answer counted from a baseline that "show" has since moved is stale.
        else if (baseline.current === since) setFresh({ count: body.newEvents, capped: Boolean(body.capped) });
        setPaused(false);
      } catch {
        setPaused(true); // server unreachable: say so, keep trying
      }
    };
    void poll();
    const timer = setInterval(() => void poll(), intervalMs);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, []);

  const show = () => {
    // Count from what the last poll saw, not from the next poll: a delivery arriving
    // between this refresh and that poll would otherwise never be announced.
    baseline.current = latestSeen.current;
    setFresh({ count: 0, capped: false });
    startTransition(() => router.refresh());
  };

  return (
    <div aria-live="polite" className="flex items-center gap-2 text-sm">
      {fresh.count > 0 ? (
        <button type="button" className={primaryButtonClass} onClick={show} disabled={isPending}>
          {fresh.count}
          {fresh.capped ? "+" : ""} new event{fresh.count === 1 ? "" : "s"} · show
        </button>
      ) : (
        <span className="text-zinc-600 dark:text-zinc-400">
          {paused ? "Live updates paused: server unreachable" : isPending ? "Refreshing…" : "Live: watching for new deliveries"}
        </span>
      )}
    </div>
  );
}
