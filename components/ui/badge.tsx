// Small status labels (active/deleted, verification, event kinds).
import type { ReactNode } from "react";
import { cn } from "./cn";

const tones = {
  green: "bg-emerald-100 text-emerald-900 dark:bg-emerald-900/40 dark:text-emerald-200",
  red: "bg-red-100 text-red-900 dark:bg-red-900/40 dark:text-red-200",
  amber: "bg-amber-100 text-amber-900 dark:bg-amber-900/40 dark:text-amber-200",
  blue: "bg-blue-100 text-blue-900 dark:bg-blue-900/40 dark:text-blue-200",
  violet: "bg-violet-100 text-violet-900 dark:bg-violet-900/40 dark:text-violet-200",
  gray: "bg-zinc-100 text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200",
} as const;

export type Tone = keyof typeof tones;

export function Badge({ tone = "gray", children, title }: { tone?: Tone; children: ReactNode; title?: string }) {
  return (
    <span title={title} className={cn("inline-flex items-center rounded px-1.5 py-0.5 text-xs font-medium whitespace-nowrap", tones[tone])}>
      {children}
    </span>
  );
}

export function statusTone(status: string): Tone {
  return status === "active" ? "green" : status === "deleted" ? "red" : "gray";
}

export function verificationTone(verification: string): Tone {
  // A reconciled event is ours, not HighLevel's: it must never look like a signed delivery.
  return verification === "unverified" ? "amber" : verification === "reconciled" ? "violet" : "blue";
}
