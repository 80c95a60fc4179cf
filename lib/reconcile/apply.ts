// Applying findings: each becomes a synthetic event appended to the log, so the
// projection (and a reprojection) derives the corrected state from the log like any
// other event, and the history shows where the change came from. Such an event can
// never pass for a HighLevel delivery: verification "reconciled", route "reconcile",
// no webhookId, a dedupe key "reconcile:<findingId>" (no delivery's key has that
// form, so applying twice, even from two instances at once, stores one event), and a
// body naming its run and finding. Its event time is the apply time: it states what
// HighLevel said then, which is newer than anything we had.
import { associationCreateSchema, eventRank, relationSchema, type AssociationEventType, type RelationEventType } from "../domain/events";
import { associationRowOf, relationRowOf } from "../highlevel/api-parse";
import { isJsonObject } from "../domain/json";
import { associationFields, relationFields } from "../projection";
import { appendBatch } from "../queries/append";
import { notifyAppend } from "../queries/append-signal";
import type { IncomingEvent } from "../queries/ingest-types";
import { findingsToApply, getRun, latestRunId, markApplied, type StoredFinding } from "../queries/reconcile-runs";
import { comparedAssociationFields } from "./compare";

export class ApplyRefused extends Error {
  constructor(
    readonly reason: "no_run" | "running",
    message: string,
  ) {
    super(message);
  }
}

export interface ApplyOutcome {
  runId: number;
  applied: { findingId: number; eventId: number; alreadyApplied: boolean }[];
  skipped: { findingId: number; reason: string }[];
}

type Fields = Record<string, string>;
type Built = { ok: true; event: IncomingEvent } | { ok: false; reason: string };

/** The string fields of our evidence row (nulls are not carried). */
function stringFields(row: unknown, names: readonly string[]): Fields {
  const out: Fields = {};
  if (!isJsonObject(row)) return out;
  for (const n of names) {
    const v = row[n];
    if (typeof v === "string") out[n] = v;
  }
  return out;
}

function build(finding: StoredFinding, locationId: string, appliedAt: Date): Built {
  const reconciliation = { runId: finding.runId, findingId: finding.id, kind: finding.kind, appliedAt: appliedAt.toISOString() };
  const base = (type: string, id: string, fields: Fields) => {
    const body = { type, id, ...fields, locationId: fields.locationId ?? locationId, timestamp: appliedAt.toISOString(), reconciliation };
    return body;
  };
  const common = (type: string, body: Record<string, unknown>) => ({
    dedupeKey: `reconcile:${finding.id}`,
    webhookId: null,
    locationId,
    eventTimestamp: appliedAt,
    receivedAt: appliedAt,
    verification: "reconciled" as const,
    signedForm: null,
    route: "reconcile" as const,
    headers: {},
    rawBody: new Uint8Array(Buffer.from(JSON.stringify(body), "utf8")),
    received: null,
    type,
  });
  const association = (type: AssociationEventType, id: string, fields: Fields): Built => {
    const body = base(type, id, fields);
    // Checked like the projector checks a reconciled association event (Create schema).
    const parsed = associationCreateSchema.safeParse(body);
    if (!parsed.success) return { ok: false, reason: `HighLevel's row lacks usable ${parsed.error.issues.map((i) => i.path.join(".")).join(", ")}` };
    return {
      ok: true,
      event: {
        ...common(type, body),
        kind: "association",
        rank: eventRank(type),
        isDelete: type === "AssociationDelete",
        payload: parsed.data,
        subjectId: id,
        associationId: id,
      },
    };
  };
  const relation = (type: RelationEventType, id: string, fields: Fields): Built => {
    const body = base(type, id, fields);
    const parsed = relationSchema.safeParse(body);
    if (!parsed.success) return { ok: false, reason: `HighLevel's row lacks usable ${parsed.error.issues.map((i) => i.path.join(".")).join(", ")}` };
    return {
      ok: true,
      event: {
        ...common(type, body),
        kind: "relation",
        rank: eventRank(type),
        isDelete: type === "RelationDelete",
        payload: parsed.data,
        subjectId: id,
        associationId: parsed.data.associationId,
      },
    };
  };

  const theirsAssociation = associationRowOf(finding.theirs);
  const theirsRelation = relationRowOf(finding.theirs);
  switch (finding.kind) {
    case "missed_create":
      return theirsAssociation
        ? association("AssociationCreate", theirsAssociation.id, theirsAssociation.fields)
        : { ok: false, reason: "HighLevel's row is missing" };
    case "missed_delete":
      return finding.associationId
        ? association("AssociationDelete", finding.associationId, stringFields(finding.ours, associationFields))
        : { ok: false, reason: "no association id" };
    case "changed": {
      if (!finding.associationId || !theirsAssociation) return { ok: false, reason: "HighLevel's row is missing" };
      // Ours, with HighLevel's value for every compared field its row carries.
      const theirs = Object.fromEntries(
        comparedAssociationFields.flatMap((f) => (theirsAssociation.fields[f] !== undefined ? [[f, theirsAssociation.fields[f]]] : [])),
      );
      return association("AssociationUpdate", finding.associationId, { ...stringFields(finding.ours, associationFields), ...theirs });
    }
    case "missed_relation_create":
      return theirsRelation ? relation("RelationCreate", theirsRelation.id, theirsRelation.fields) : { ok: false, reason: "HighLevel's row is missing" };
    case "missed_relation_delete":
      return finding.relationId
        ? relation("RelationDelete", finding.relationId, stringFields(finding.ours, relationFields))
        : { ok: false, reason: "no relation id" };
    case "present_after_delete":
      return { ok: false, reason: "not applicable: a Delete is final here (see lib/reconcile/compare.ts)" };
    case "token_rejected":
      return { ok: false, reason: "not applicable: nothing to change" };
  }
}

/** Applies the given findings of the location's latest run, or all its open ones. */
export async function applyFindings(locationId: string, findingIds: number[] | null, now = new Date()): Promise<ApplyOutcome> {
  const runId = await latestRunId(locationId);
  const run = runId === null ? null : await getRun(runId);
  if (!run) throw new ApplyRefused("no_run", "This location has no reconciliation run to apply");
  if (run.status === "running") throw new ApplyRefused("running", "The latest reconciliation run is still running; apply when it has finished");
  const findings = await findingsToApply(run.id, findingIds);
  const found = new Set(findings.map((f) => f.id));
  const outcome: ApplyOutcome = { runId: run.id, applied: [], skipped: [] };
  for (const id of findingIds ?? []) if (!found.has(id)) outcome.skipped.push({ findingId: id, reason: "not a finding of this location's latest run" });
  const pending: { findingId: number; event: IncomingEvent }[] = [];
  for (const f of findings) {
    if (f.appliedAt !== null && f.appliedEventId !== null) {
      outcome.applied.push({ findingId: f.id, eventId: f.appliedEventId, alreadyApplied: true });
      continue;
    }
    const built = build(f, locationId, now);
    if (built.ok) pending.push({ findingId: f.id, event: built.event });
    else outcome.skipped.push({ findingId: f.id, reason: built.reason });
  }
  if (pending.length > 0) {
    const results = await appendBatch(pending.map((p) => p.event));
    notifyAppend();
    const marks = pending.map((p, i) => ({ findingId: p.findingId, eventId: results[i]?.eventId ?? 0 }));
    await markApplied(marks, now);
    for (const [i, m] of marks.entries()) outcome.applied.push({ ...m, alreadyApplied: results[i]?.status === "duplicate" });
  }
  return outcome;
}
