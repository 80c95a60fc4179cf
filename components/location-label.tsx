// A location as the dashboard shows it everywhere: its display name with the id
// beside it (smaller, monospace: ids are what HighLevel and scripts use), linking to
// the location's page. Without a name, the id alone. No hooks, so it renders in
// server and client components alike.
import Link from "next/link";
import { linkClass } from "./ui/styles";

export const locationHref = (locationId: string) => `/locations/${encodeURIComponent(locationId)}`;

export function LocationLabel({ id, name, link = true }: { id: string | null | undefined; name: string | null | undefined; link?: boolean }) {
  if (!id) return <span className="text-zinc-400">—</span>;
  // Name and id on their own lines: a table column stays narrow without breaking the name mid-word.
  const content = name ? (
    <>
      <span className="block min-w-32 font-medium break-words">{name}</span>{" "}
      <span className="block font-mono text-xs break-all text-zinc-600 dark:text-zinc-400">{id}</span>
    </>
  ) : (
    <span className="font-mono text-xs break-all">{id}</span>
  );
  if (!link) return <span className="inline-block">{content}</span>;
  return (
    <Link className={`${linkClass} inline-block`} href={locationHref(id)} title={name ? `${name} (${id})` : id}>
      {content}
    </Link>
  );
}
