"use client";
// The dashboard's main navigation; marks the current section for screen readers too.
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "./ui/cn";

const items = [
  { href: "/", label: "Overview" },
  { href: "/associations", label: "Associations" },
  { href: "/events", label: "Events" },
  { href: "/locations", label: "Locations" },
  { href: "/rejected", label: "Rejected" },
  { href: "/alerts", label: "Alerts" },
] as const;

export function Nav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="flex flex-wrap gap-1">
      {items.map((item) => {
        const current = item.href === "/" ? pathname === "/" : pathname.startsWith(item.href);
        return (
          <Link
            key={item.href}
            href={item.href}
            aria-current={current ? "page" : undefined}
            className={cn(
              "rounded px-3 py-1.5 text-sm font-medium focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600",
              current
                ? "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900"
                : "text-zinc-700 hover:bg-zinc-200 dark:text-zinc-300 dark:hover:bg-zinc-800",
            )}
          >
            {item.label}
          </Link>
        );
      })}
    </nav>
  );
}
