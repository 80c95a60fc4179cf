"use client";
// Copies a short text (an id) to the clipboard and says so to screen readers too.
import { useState } from "react";
import { buttonClass } from "./ui/styles";

export function CopyButton({ text, label = "Copy" }: { text: string; label?: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState("copied");
    } catch {
      setState("failed");
    }
    setTimeout(() => setState("idle"), 2000);
  };
  return (
    <span className="inline-flex items-center gap-2">
      <button type="button" className={`${buttonClass} h-7 px-2 text-xs`} onClick={copy}>
        {label}
      </button>
      <span aria-live="polite" className="text-xs text-zinc-600 dark:text-zinc-400">
        {state === "copied" ? "Copied" : state === "failed" ? "Copy failed: select the text instead" : ""}
      </span>
    </span>
  );
}
