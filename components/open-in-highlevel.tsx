// A link into HighLevel's own app. It opens a new tab (the dashboard stays where it
// was) with rel="noreferrer", so HighLevel learns neither this dashboard's address nor
// gets a handle on its window. The href is built on the server (lib/highlevel/links.ts:
// HIGHLEVEL_APP_URL is server configuration) and passed in.
import { linkClass } from "./ui/styles";

export function OpenInHighLevel({ href, label = "Open in HighLevel", className = "" }: { href: string; label?: string; className?: string }) {
  return (
    <a className={`${linkClass} whitespace-nowrap ${className}`} href={href} target="_blank" rel="noreferrer">
      {label}
      <span aria-hidden> ↗</span>
      <span className="sr-only"> (opens in a new tab)</span>
    </a>
  );
}
