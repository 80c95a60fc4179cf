"use client";
// A raw body pretty-printed (when it is JSON) with a copy button that copies the
// exact bytes as received, not the pretty form.
import { useState } from "react";
import { buttonClass } from "./ui/styles";

function pretty(raw: string): string {
  try {
    return JSON.stringify(JSON.parse(raw), null, 2);
  } catch {
    return raw;
  }
}

export function JsonBlock({ raw, label = "Raw body" }: { raw: string; label?: string }) {
  const [copied, setCopied] = useState<"idle" | "copied" | "failed">("idle");
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(raw);
      setCopied("copied");
    } catch {
      setCopied("failed");
    }
    setTimeout(() => setCopied("idle"), 2000);
  };
  return (
    <figure className="space-y-1">
      <figcaption className="flex items-center justify-between gap-2 text-xs text-zinc-600 dark:text-zinc-400">
        <span>{label}</span>
        <span className="flex items-center gap-2">
          <span aria-live="polite">{copied === "copied" ? "Copied" : copied === "failed" ? "Copy failed: select the text instead" : ""}</span>
          <button type="button" className={buttonClass} onClick={copy}>
            Copy raw body
          </button>
        </span>
      </figcaption>
      <pre
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard to be scrolled (axe: scrollable-region-focusable)
        tabIndex={0}
        className="max-h-96 overflow-auto rounded bg-zinc-950 p-3 text-xs text-zinc-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600"
      >
        <code>{pretty(raw)}</code>
      </pre>
    </figure>
  );
}
