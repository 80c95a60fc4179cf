// For an address that cannot be a location id (too long, control characters).
import Link from "next/link";
import { linkClass } from "@/components/ui/styles";

export default function LocationNotFound() {
  return (
    <div className="mx-auto max-w-xl space-y-3 py-8 text-center">
      <h1 className="text-2xl font-semibold">Not a location</h1>
      <p className="text-zinc-600 dark:text-zinc-400">This address does not name a location id. Pick one from the list, or search by name there.</p>
      <p>
        <Link className={linkClass} href="/locations">
          Locations
        </Link>
      </p>
    </div>
  );
}
