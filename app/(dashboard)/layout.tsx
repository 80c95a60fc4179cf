// The dashboard shell: header with navigation, the unverified-signatures warning,
// and the page.
import Link from "next/link";
import type { ReactNode } from "react";
import { Nav } from "@/components/nav";
import { env } from "@/lib/env";

export default function DashboardLayout({ children }: { children: ReactNode }) {
  const verifyOff = env().HIGHLEVEL_WEBHOOK_VERIFY === "off";
  return (
    <>
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:p-2">
        Skip to content
      </a>
      <header className="border-b border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center justify-between gap-3 px-4 py-3">
          <Link href="/" className="text-lg font-semibold focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600">
            Association Monitor
          </Link>
          <Nav />
        </div>
      </header>
      {verifyOff && (
        <div role="alert" className="border-b border-amber-300 bg-amber-50 text-amber-950">
          <p className="mx-auto max-w-7xl px-4 py-2 text-sm">
            <strong>Signature verification is off</strong> (HIGHLEVEL_WEBHOOK_VERIFY=off): anyone who can reach the
            webhook URL can post events, and they are stored as <em>unverified</em>.
          </p>
        </div>
      )}
      <main id="main" className="mx-auto max-w-7xl space-y-6 px-4 py-6">
        {children}
      </main>
    </>
  );
}
