"use client";
// The "?" dialog: a native modal <dialog> (the rest of the page is inert while it is
// open, so focus stays inside), closed by Escape or its button, after which focus
// goes back to where it was.
import { useEffect, useRef } from "react";
import { buttonClass } from "../ui/styles";
import { shortcutList } from "./shortcut-keys";

export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const returnTo = useRef<Element | null>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      returnTo.current = document.activeElement;
      dialog.showModal();
    } else if (!open && dialog.open) {
      dialog.close();
    }
  }, [open]);
  const closed = () => {
    onClose();
    const back = returnTo.current;
    if (back instanceof HTMLElement && back.isConnected) back.focus();
  };
  return (
    <dialog
      ref={ref}
      aria-modal="true"
      aria-labelledby="shortcuts-title"
      onClose={closed}
      className="m-auto w-full max-w-md rounded-lg border border-zinc-300 bg-white p-4 text-zinc-900 shadow-xl backdrop:bg-black/40 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
    >
      <h2 id="shortcuts-title" className="text-lg font-semibold">
        Keyboard shortcuts
      </h2>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">They do nothing while you type in a field, or with Ctrl, Alt or ⌘ held.</p>
      <table className="mt-3 w-full text-left text-sm">
        <caption className="sr-only">Keys and what they do</caption>
        <thead className="sr-only">
          <tr>
            <th scope="col">Keys</th>
            <th scope="col">Action</th>
          </tr>
        </thead>
        <tbody>
          {shortcutList.map((s) => (
            <tr key={s.keys.join(" ")} className="border-t border-zinc-100 dark:border-zinc-800">
              <td className="py-1 pr-4 whitespace-nowrap">
                {s.keys.map((k, i) => (
                  <span key={k}>
                    {i > 0 && <span className="px-1 text-zinc-600 dark:text-zinc-400">then</span>}
                    <kbd className="rounded border border-zinc-300 bg-zinc-50 px-1.5 font-mono text-xs dark:border-zinc-600 dark:bg-zinc-800">{k}</kbd>
                  </span>
                ))}
              </td>
              <td className="py-1">{s.what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form method="dialog" className="mt-4 flex justify-end">
        {/* biome-ignore lint/a11y/noAutofocus: a modal dialog focuses its first action when it opens (WAI-ARIA dialog pattern) */}
        <button type="submit" className={buttonClass} autoFocus>
          Close
        </button>
      </form>
    </dialog>
  );
}
