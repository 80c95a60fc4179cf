// Two event ids to compare: a plain GET form, so the result is a shareable URL and
// works before any script has loaded.
import { buttonClass, inputClass } from "@/components/ui/styles";

export function PickEvents({ a, b }: { a?: string; b?: string }) {
  return (
    <form method="get" action="/events/diff" className="flex flex-wrap items-end gap-3 text-sm">
      <label className="flex flex-col gap-1">
        Event A (old side)
        <input className={inputClass} name="a" inputMode="numeric" pattern="[0-9]*" required defaultValue={a} />
      </label>
      <label className="flex flex-col gap-1">
        Event B (new side)
        <input className={inputClass} name="b" inputMode="numeric" pattern="[0-9]*" required defaultValue={b} />
      </label>
      <button type="submit" className={buttonClass}>
        Compare
      </button>
    </form>
  );
}
