"use client";
// A time in the viewer's own time zone, with the exact ISO 8601 UTC value on hover.
// The server renders UTC (it cannot know the viewer's zone); the browser then
// switches to local time without a hydration mismatch.
import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

function format(date: Date, timeZone?: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    year: "numeric",
    month: "short",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    timeZone,
    timeZoneName: "short",
  }).format(date);
}

export function LocalTime({ value }: { value: Date | string | null | undefined }) {
  const date = value ? new Date(value) : null;
  const text = useSyncExternalStore(
    subscribe,
    () => (date ? format(date) : ""),
    () => (date ? format(date, "UTC") : ""),
  );
  if (!date) return <span className="text-zinc-400">—</span>;
  const iso = date.toISOString();
  return (
    <time dateTime={iso} title={iso} className="whitespace-nowrap tabular-nums">
      {text}
    </time>
  );
}
