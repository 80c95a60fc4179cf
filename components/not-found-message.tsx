// The "nothing here" message shared by the root and dashboard 404 pages.
import Link from "next/link";
import { linkClass } from "./ui/styles";

export function NotFoundMessage() {
  return (
    <div className="mx-auto max-w-xl space-y-3 py-8 text-center">
      <h1 className="text-2xl font-semibold">Not found</h1>
      <p className="text-zinc-600 dark:text-zinc-400">
        There is nothing at this address: the association or event may not have been received yet, or the link is wrong.
      </p>
      <p className="space-x-4">
        <Link className={linkClass} href="/associations">
          Associations
        </Link>
        <Link className={linkClass} href="/events">
          Events
        </Link>
        <Link className={linkClass} href="/">
          Overview
        </Link>
      </p>
    </div>
  );
}
