// Sign-in: one password field (DASHBOARD_PASSWORD). Works without JavaScript.
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { primaryButtonClass, inputClass } from "@/components/ui/styles";
import { authMode } from "@/lib/auth/mode";
import { safeNextPath } from "@/lib/auth/redirect";
import type { SearchParams } from "@/lib/http/page-params";

export const metadata: Metadata = { title: "Sign in" };

const messages: Record<string, string> = {
  invalid: "That password is not right. Try again.",
  locked: "Too many failed attempts from your address. Wait a few minutes, then try again.",
};

/** The lockout message with the wait the sign-in route gave (?retry=seconds), when it is sane. */
function lockedMessage(retry: string | undefined): string {
  const seconds = Number(retry);
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 24 * 3600) return messages.locked ?? "";
  const wait = seconds < 90 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;
  return `Too many failed attempts from your address. Every attempt is refused for now, even with the right password: try again in ${wait}.`;
}

export default async function SignInPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const next = safeNextPath(one(params.next));
  if (authMode().kind !== "password") redirect(next);
  const error = one(params.error);
  const message = error === "locked" ? lockedMessage(one(params.retry)) : error ? messages[error] : undefined;
  return (
    <main id="main" className="mx-auto flex min-h-screen max-w-sm flex-col justify-center gap-6 p-6">
      <div>
        <h1 className="text-2xl font-semibold">Association Monitor</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">Sign in with the dashboard password.</p>
      </div>
      {message && (
        <p role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-950">
          {message}
        </p>
      )}
      <form method="post" action="/api/auth/sign-in" className="flex flex-col gap-3">
        <input type="hidden" name="next" value={next} />
        <label className="flex flex-col gap-1 text-sm font-medium">
          Password
          {/* biome-ignore lint/a11y/noAutofocus: the page's only task is this one field; focusing it is what a sign-in page is for */}
          <input className={inputClass} type="password" name="password" autoComplete="current-password" required autoFocus />
        </label>
        <button type="submit" className={primaryButtonClass}>
          Sign in
        </button>
      </form>
    </main>
  );
}
