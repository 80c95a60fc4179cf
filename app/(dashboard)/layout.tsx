// The dashboard shell: header with navigation, the unverified-signatures warning,
// and the page.
import { headers } from "next/headers";
import Link from "next/link";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { KeyboardShortcuts } from "@/components/keyboard/keyboard-shortcuts";
import { Nav } from "@/components/nav";
import { buttonClass } from "@/components/ui/styles";
import { authMode } from "@/lib/auth/mode";
import { isAuthorized } from "@/lib/auth/request-auth";
import { env } from "@/lib/env";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  // proxy.ts already redirects; this second check keeps pages closed even if it is bypassed.
  if (!(await isAuthorized(await headers()))) redirect("/sign-in");
  const mode = authMode().kind;
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
          <div className="flex flex-wrap items-center gap-3">
            <Nav />
            {mode === "password" && (
              <form method="post" action="/api/auth/sign-out">
                <button type="submit" className={buttonClass}>
                  Sign out
                </button>
              </form>
            )}
          </div>
        </div>
      </header>
      {mode !== "password" && (
        <div role="status" className="border-b border-amber-300 bg-amber-50 text-amber-950">
          <p className="mx-auto max-w-7xl px-4 py-2 text-sm">
            {mode === "off" ? (
              <>
                <strong>The dashboard is not password-protected</strong> (DASHBOARD_AUTH=off): it relies on the proxy in front of it to keep customers&apos;
                data private.
              </>
            ) : (
              <>
                <strong>Development mode: the dashboard is open to anyone who can reach it.</strong> Set DASHBOARD_PASSWORD before exposing it.
              </>
            )}
          </p>
        </div>
      )}
      {verifyOff && (
        <div role="alert" className="border-b border-amber-300 bg-amber-50 text-amber-950">
          <p className="mx-auto max-w-7xl px-4 py-2 text-sm">
            <strong>Signature verification is off</strong> (HIGHLEVEL_WEBHOOK_VERIFY=off): anyone who can reach the webhook URL can post events, and they are
            stored as <em>unverified</em>.
          </p>
        </div>
      )}
      <main id="main" className="mx-auto max-w-7xl space-y-6 px-4 py-6">
        {children}
      </main>
      <KeyboardShortcuts />
    </>
  );
}
