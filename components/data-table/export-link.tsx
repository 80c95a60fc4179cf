"use client";
// Downloads exactly the filtered view as CSV: the export endpoint parses the same
// query string as the page (paging parameters aside).
import { useSearchParams } from "next/navigation";
import { pageParams } from "@/lib/filters/list";
import { buttonClass } from "../ui/styles";

export function ExportLink({ dataset, label = "Export CSV" }: { dataset: "associations" | "events" | "relations"; label?: string }) {
  const params = new URLSearchParams(useSearchParams());
  for (const key of pageParams) params.delete(key);
  const query = params.toString();
  return (
    <a className={buttonClass} href={`/api/export/${dataset}.csv${query ? `?${query}` : ""}`} download>
      <span aria-hidden>⬇</span> {label}
    </a>
  );
}
