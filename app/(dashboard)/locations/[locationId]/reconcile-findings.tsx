"use client";
// A reconciliation run's findings, each with its evidence (our row and HighLevel's,
// side by side, the differing fields called out) and an Apply button, plus the
// answers HighLevel gave that could not be understood.
import Link from "next/link";
import { LocalTime } from "@/components/local-time";
import { Badge, type Tone } from "@/components/ui/badge";
import { buttonClass, linkClass } from "@/components/ui/styles";
import type { FindingJson, UnparsedResponse } from "@/lib/domain/reconcile-run";

const kinds: Record<string, { label: string; tone: Tone; explain: string }> = {
  missed_create: { label: "Missed create", tone: "amber", explain: "In HighLevel, never delivered here." },
  missed_delete: { label: "Missed delete", tone: "red", explain: "Active here, gone from HighLevel." },
  changed: { label: "Changed", tone: "blue", explain: "Both have it; HighLevel's fields differ." },
  present_after_delete: {
    label: "Deleted here, listed by HighLevel",
    tone: "gray",
    explain: "We received its Delete, yet HighLevel still lists it. Not applied: a Delete is final here.",
  },
  missed_relation_create: { label: "Missed relation create", tone: "amber", explain: "A relation in HighLevel, never delivered here." },
  missed_relation_delete: { label: "Missed relation delete", tone: "red", explain: "A relation active here, gone from HighLevel." },
  token_rejected: { label: "Token rejected", tone: "red", explain: "HighLevel refused this location's API token (check it and its scopes)." },
};

export const applicable = (f: FindingJson) => f.appliedAt === null && f.kind !== "present_after_delete" && f.kind !== "token_rejected";

const show = (v: unknown) => (v === null || v === undefined ? "—" : typeof v === "string" ? v : JSON.stringify(v));

function Evidence({ finding }: { finding: FindingJson }) {
  const { ours, theirs } = finding;
  if (!ours && !theirs) return null;
  return (
    <details className="mt-2">
      <summary className="cursor-pointer text-sm">Evidence: our row and HighLevel&apos;s</summary>
      <div className="mt-2 grid gap-2 md:grid-cols-2">
        {(
          [
            ["Ours (projected from webhooks)", ours],
            ["HighLevel's API", theirs],
          ] as const
        ).map(([title, row]) => (
          <figure key={title} className="min-w-0">
            <figcaption className="text-xs text-zinc-600 dark:text-zinc-400">{title}</figcaption>
            <pre className="overflow-x-auto rounded bg-zinc-50 p-2 text-xs dark:bg-zinc-950">{row ? JSON.stringify(row, null, 2) : "— (none)"}</pre>
          </figure>
        ))}
      </div>
    </details>
  );
}

function FieldDiffs({ finding }: { finding: FindingJson }) {
  if (!finding.fields?.length) return null;
  return (
    <table className="mt-2 text-sm">
      <thead>
        <tr className="text-left text-xs text-zinc-600 dark:text-zinc-400">
          <th className="pr-3 font-medium">field</th>
          <th className="pr-3 font-medium">ours</th>
          <th className="font-medium">HighLevel</th>
        </tr>
      </thead>
      <tbody>
        {finding.fields.map((f) => (
          <tr key={f}>
            <td className="pr-3 font-mono text-xs">{f}</td>
            <td className="pr-3">{show(finding.ours?.[f])}</td>
            <td>{show(finding.theirs?.[f])}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function FindingItem({ finding, busy, onApply }: { finding: FindingJson; busy: boolean; onApply: (id: number) => void }) {
  const unknownKind: { label: string; tone: Tone; explain: string } = { label: finding.kind, tone: "gray", explain: "" };
  const kind = kinds[finding.kind] ?? unknownKind;
  return (
    <li className="rounded border border-zinc-200 p-3 dark:border-zinc-800" data-finding={finding.kind}>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <Badge tone={kind.tone}>{kind.label}</Badge>
        {finding.associationId && (
          <Link className={`${linkClass} font-mono text-xs`} href={`/associations/${encodeURIComponent(finding.associationId)}`}>
            {finding.associationId}
          </Link>
        )}
        {finding.relationId && <span className="font-mono text-xs">relation {finding.relationId}</span>}
        <span className="text-zinc-600 dark:text-zinc-400">{kind.explain}</span>
      </div>
      <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
        {finding.ours ? "Last event here" : "Last delivery from this location"}: <LocalTime value={finding.lastHeardAt} />
      </p>
      <FieldDiffs finding={finding} />
      <Evidence finding={finding} />
      <div className="mt-2 text-sm">
        {finding.appliedAt !== null ? (
          <span>
            Applied <LocalTime value={finding.appliedAt} /> as{" "}
            {finding.appliedEventId !== null ? (
              <Link className={linkClass} href={`/events/${finding.appliedEventId}`}>
                reconciled event #{finding.appliedEventId}
              </Link>
            ) : (
              "a reconciled event"
            )}
          </span>
        ) : applicable(finding) ? (
          <button type="button" className={buttonClass} disabled={busy} onClick={() => onApply(finding.id)}>
            Apply
          </button>
        ) : null}
      </div>
    </li>
  );
}

export function UnparsedList({ unparsed }: { unparsed: UnparsedResponse[] }) {
  return (
    <div
      role="note"
      className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-200"
    >
      <p className="font-medium">HighLevel answers that could not be understood (kept as received, truncated; nothing was guessed):</p>
      <ul className="mt-2 space-y-2">
        {unparsed.map((u, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the same path can be answered twice in one run; the list is stored once and never reordered
          <li key={`${u.path}-${i}`}>
            <p>
              <code className="break-all">GET {u.path}</code> {u.status !== null ? `(HTTP ${u.status})` : ""}: {u.note}
            </p>
            {u.body && (
              <details>
                <summary className="cursor-pointer">Response body</summary>
                <pre className="mt-1 max-h-64 overflow-auto rounded bg-white p-2 text-xs whitespace-pre-wrap break-all dark:bg-zinc-950">{u.body}</pre>
              </details>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
