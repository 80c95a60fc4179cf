"use client";
// Dashboard-wide keys, mounted once in the dashboard layout: `/` focuses the page's
// search, `j`/`k` move through table rows (focus on the row's link, so Enter opens it
// and the row is scrolled into view), `g` then a letter switches page, `?` lists them.
// Nothing fires while typing in a field or with a modifier held (browser and screen
// reader keys stay theirs).
import { usePathname, useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { goTargets, isTypingTarget, navigableRows } from "./shortcut-keys";
import { ShortcutsDialog } from "./shortcuts-dialog";

/** How long `g` waits for its letter. */
const goWindowMs = 1500;
const selectedClasses = ["bg-blue-50", "dark:bg-blue-950"];

function moveRow(step: 1 | -1) {
  const rows = navigableRows();
  if (rows.length === 0) return;
  const current = rows.findIndex((r) => r.contains(document.activeElement));
  const next = current < 0 ? 0 : Math.min(Math.max(current + step, 0), rows.length - 1);
  const row = rows[next];
  if (!row) return;
  for (const r of rows) {
    r.classList.remove(...selectedClasses);
    r.removeAttribute("data-selected");
  }
  row.classList.add(...selectedClasses);
  row.setAttribute("data-selected", "true");
  row.querySelector<HTMLAnchorElement>("a[href]")?.focus();
  row.scrollIntoView({ block: "nearest" });
}

function focusSearch(): boolean {
  // The list's q field when it has one, else the filter bar's first field.
  const input =
    document.querySelector<HTMLInputElement>('main form[role="search"] input[data-list-search]') ??
    document.querySelector<HTMLInputElement>('main form[role="search"] input:not([type="hidden"])');
  if (!input) return false;
  input.focus();
  input.select();
  return true;
}

export function KeyboardShortcuts() {
  const router = useRouter();
  const pathname = usePathname();
  const [helpOpen, setHelpOpen] = useState(false);

  useEffect(() => {
    let goUntil = 0;
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || helpOpen || isTypingTarget(e.target)) return;
      const key = e.key;
      if (goUntil > Date.now()) {
        goUntil = 0;
        const target = goTargets[key.toLowerCase()];
        if (target) {
          e.preventDefault();
          if (target.href !== pathname) router.push(target.href);
          return;
        }
      }
      if (key === "?") {
        e.preventDefault();
        setHelpOpen(true);
      } else if (key === "/") {
        if (focusSearch()) e.preventDefault();
      } else if (key === "j" || key === "k") {
        e.preventDefault();
        moveRow(key === "j" ? 1 : -1);
      } else if (key === "g") {
        goUntil = Date.now() + goWindowMs;
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [router, pathname, helpOpen]);

  return (
    <>
      <button
        type="button"
        onClick={() => setHelpOpen(true)}
        className="fixed right-3 bottom-3 rounded-full border border-zinc-300 bg-white px-3 py-1 text-sm text-zinc-700 shadow focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-300"
        aria-keyshortcuts="?"
      >
        Shortcuts <kbd className="font-mono">?</kbd>
      </button>
      <ShortcutsDialog open={helpOpen} onClose={() => setHelpOpen(false)} />
    </>
  );
}
