// The dashboard's keyboard shortcuts as data, shared by the key handler and the
// shortcuts dialog, so the dialog always lists what the keys do.

/** `g` then one of these letters opens the page. */
export const goTargets: Record<string, { href: string; label: string }> = {
  o: { href: "/", label: "Overview" },
  a: { href: "/associations", label: "Associations" },
  e: { href: "/events", label: "Events" },
  l: { href: "/locations", label: "Locations" },
  r: { href: "/rejected", label: "Rejected" },
  t: { href: "/alerts", label: "Alerts" },
};

export const shortcutList: { keys: string[]; what: string }[] = [
  { keys: ["/"], what: "Focus the search (the list's main filter)" },
  { keys: ["j"], what: "Next row" },
  { keys: ["k"], what: "Previous row" },
  { keys: ["Enter"], what: "Open the selected row" },
  ...Object.entries(goTargets).map(([letter, t]) => ({ keys: ["g", letter], what: `Go to ${t.label}` })),
  { keys: ["?"], what: "Show these shortcuts" },
  { keys: ["Esc"], what: "Close this dialog" },
];

/** Keys typed into a field are text, never shortcuts. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === "TEXTAREA" || tag === "SELECT") return true;
  if (!(target instanceof HTMLInputElement)) return false;
  // Buttons-as-inputs take no text: shortcuts still apply there.
  return !["button", "submit", "reset", "checkbox", "radio"].includes(target.type);
}

/** The rows j/k move through: body rows of the page's tables that link somewhere. */
export function navigableRows(root: ParentNode = document): HTMLTableRowElement[] {
  return [...root.querySelectorAll<HTMLTableRowElement>("main table tbody tr")].filter((row) => row.querySelector("a[href]"));
}
