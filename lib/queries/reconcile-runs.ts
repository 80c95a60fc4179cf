// Reconciliation runs and their findings (lib/reconcile/ does the work). A run is
// "running" while its heartbeat is fresh; one whose process died is turned "failed"
// the next time anyone looks (readers and the scheduler call failStaleRuns), so no
// run stays "running" forever.
import { z } from "zod";
import { db, withWriteLock, writeDb } from "../db";
import { runProgressSchema, unparsedResponsesSchema, type RunProgress, type UnparsedResponse } from "../domain/reconcile-run";
import { findingKinds, oneOf, runStatuses, runTriggers, type FindingKind, type RunStatus, type RunTrigger } from "../domain/values";

/**
 * The kinds an operator can apply (lib/reconcile/apply.ts). present_after_delete is
 * shown, never applied (a Delete is final), and token_rejected has nothing to apply:
 * count only these as "open".
 */
export const applicableFindingKinds = [
  "missed_create",
  "missed_delete",
  "changed",
  "missed_relation_create",
  "missed_relation_delete",
] as const satisfies readonly FindingKind[];

// The JSON a run stores (progress, unparsed responses, a finding's fields) is read
// back through schemas: it is ours, but perhaps written by an older version.
const fieldsSchema = z.array(z.string());

export const initialProgress = (): RunProgress => ({
  phase: "starting",
  pages: 0,
  associationsFetched: 0,
  rowsCompared: 0,
  relationRecords: { checked: 0, total: 0 },
  calls: 0,
  retries: 0,
  waitedMs: 0,
});

export interface FindingInput {
  kind: FindingKind;
  associationId: string | null;
  relationId: string | null;
  fields: string[] | null;
  ours: unknown;
  theirs: unknown;
  lastHeardAt: Date | null;
}

interface FindingView {
  id: number;
  kind: FindingKind;
  associationId: string | null;
  relationId?: string;
  fields?: string[];
  ours: unknown;
  theirs: unknown;
  lastHeardAt: Date | null;
  appliedAt: Date | null;
  appliedEventId: number | null;
}

export interface RunView {
  id: number;
  locationId: string;
  status: RunStatus;
  trigger: RunTrigger;
  startedAt: Date;
  finishedAt: Date | null;
  progress: RunProgress;
  findings: FindingView[];
  error?: string;
  unparsed?: UnparsedResponse[];
}

/** A finding row's kind, text in the table, checked against the closed set. */
const findingKindOf = (row: { kind: string }): FindingKind => oneOf(findingKinds, row.kind, "ReconcileFinding.kind");

const json = (text: string | null): unknown => {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
};

export async function createRun(locationId: string, trigger: RunTrigger, owner: string): Promise<number> {
  const prisma = await writeDb();
  const now = new Date();
  const run = await withWriteLock(() =>
    prisma.reconcileRun.create({
      data: { locationId, status: "running", trigger, startedAt: now, heartbeatAt: now, owner, progress: JSON.stringify(initialProgress()) },
      select: { id: true },
    }),
  );
  return run.id;
}

/** Saves progress and beats the heartbeat. */
export async function saveProgress(runId: number, progress: RunProgress): Promise<void> {
  const prisma = await writeDb();
  await withWriteLock(() =>
    prisma.reconcileRun.updateMany({ where: { id: runId, status: "running" }, data: { progress: JSON.stringify(progress), heartbeatAt: new Date() } }),
  );
}

export async function heartbeat(runId: number): Promise<void> {
  const prisma = await writeDb();
  await withWriteLock(() => prisma.reconcileRun.updateMany({ where: { id: runId, status: "running" }, data: { heartbeatAt: new Date() } }));
}

/** Ends a run with its findings in one transaction (a crash leaves it running, then stale, then failed). */
export async function finishRun(
  runId: number,
  locationId: string,
  end: { status: "done" | "failed"; progress: RunProgress; findings: FindingInput[]; error: string | null; unparsed: UnparsedResponse[] },
): Promise<void> {
  const prisma = await writeDb();
  const now = new Date();
  await withWriteLock(() =>
    prisma.$transaction([
      prisma.reconcileFinding.createMany({
        data: end.findings.map((f) => ({
          runId,
          locationId,
          kind: f.kind,
          associationId: f.associationId,
          relationId: f.relationId,
          fields: f.fields ? JSON.stringify(f.fields) : null,
          ours: f.ours === null || f.ours === undefined ? null : JSON.stringify(f.ours),
          theirs: f.theirs === null || f.theirs === undefined ? null : JSON.stringify(f.theirs),
          lastHeardAt: f.lastHeardAt,
        })),
      }),
      prisma.reconcileRun.update({
        where: { id: runId },
        data: {
          status: end.status,
          finishedAt: now,
          heartbeatAt: now,
          progress: JSON.stringify(end.progress),
          error: end.error,
          unparsed: end.unparsed.length > 0 ? JSON.stringify(end.unparsed) : null,
        },
      }),
    ]),
  );
}

/** Running runs (of one location, or all) whose heartbeat is older than `staleMs` become failed. */
export async function failStaleRuns(staleMs: number, locationId?: string): Promise<number> {
  const prisma = await writeDb();
  const now = new Date();
  const result = await withWriteLock(() =>
    prisma.reconcileRun.updateMany({
      where: { status: "running", heartbeatAt: { lt: new Date(now.getTime() - staleMs) }, ...(locationId ? { locationId } : {}) },
      data: { status: "failed", finishedAt: now, error: "Interrupted: the process running it stopped (no heartbeat)" },
    }),
  );
  return result.count;
}

export async function latestRunId(locationId: string): Promise<number | null> {
  const prisma = await db();
  const run = await prisma.reconcileRun.findFirst({ where: { locationId }, orderBy: { id: "desc" }, select: { id: true } });
  return run?.id ?? null;
}

/** When each location's newest run started (scheduler). */
export async function lastRunStarts(locationIds: string[]): Promise<Map<string, Date>> {
  const prisma = await db();
  const out = new Map<string, Date>();
  if (locationIds.length === 0) return out;
  const rows = await prisma.reconcileRun.groupBy({ by: ["locationId"], where: { locationId: { in: locationIds } }, _max: { startedAt: true } });
  for (const r of rows) if (r._max.startedAt) out.set(r.locationId, r._max.startedAt);
  return out;
}

export async function getRun(runId: number): Promise<RunView | null> {
  const prisma = await db();
  const run = await prisma.reconcileRun.findUnique({ where: { id: runId } });
  if (!run) return null;
  const findings = await prisma.reconcileFinding.findMany({ where: { runId }, orderBy: { id: "asc" } });
  const unparsed = unparsedResponsesSchema.safeParse(json(run.unparsed));
  // Fields missing from an older run's progress keep their initial values.
  const progress = runProgressSchema.partial().safeParse(json(run.progress));
  return {
    id: run.id,
    locationId: run.locationId,
    status: oneOf(runStatuses, run.status, "ReconcileRun.status"),
    trigger: oneOf(runTriggers, run.trigger, "ReconcileRun.trigger"),
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    progress: { ...initialProgress(), ...progress.data },
    findings: findings.map((f) => {
      const fields = fieldsSchema.safeParse(json(f.fields));
      return {
        id: f.id,
        kind: findingKindOf(f),
        associationId: f.associationId,
        ...(f.relationId !== null ? { relationId: f.relationId } : {}),
        ...(fields.success ? { fields: fields.data } : {}),
        ours: json(f.ours),
        theirs: json(f.theirs),
        lastHeardAt: f.lastHeardAt,
        appliedAt: f.appliedAt,
        appliedEventId: f.appliedEventId,
      };
    }),
    ...(run.error !== null ? { error: run.error } : {}),
    ...(unparsed.success ? { unparsed: unparsed.data } : {}),
  };
}

export interface StoredFinding {
  id: number;
  runId: number;
  locationId: string;
  kind: FindingKind;
  associationId: string | null;
  relationId: string | null;
  ours: unknown;
  theirs: unknown;
  appliedAt: Date | null;
  appliedEventId: number | null;
}

/** Findings of `runId`: the given ids, or every one not applied yet. */
export async function findingsToApply(runId: number, ids: number[] | null): Promise<StoredFinding[]> {
  const prisma = await db();
  const rows = await prisma.reconcileFinding.findMany({
    where: { runId, ...(ids ? { id: { in: ids } } : { appliedAt: null }) },
    orderBy: { id: "asc" },
  });
  return rows.map((f) => ({ ...f, kind: findingKindOf(f), ours: json(f.ours), theirs: json(f.theirs) }));
}

/** Records where a finding was applied; the first application stays (applying twice is a no-op). */
export async function markApplied(marks: { findingId: number; eventId: number }[], appliedAt: Date): Promise<void> {
  if (marks.length === 0) return;
  const prisma = await writeDb();
  await withWriteLock(() =>
    prisma.$transaction(
      marks.map((m) => prisma.reconcileFinding.updateMany({ where: { id: m.findingId, appliedAt: null }, data: { appliedAt, appliedEventId: m.eventId } })),
    ),
  );
}

/** The run each reconciled event was applied from (events list, event page, history). */
export async function reconcileRunsOfEvents(eventIds: number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (eventIds.length === 0) return out;
  const prisma = await db();
  const rows = await prisma.reconcileFinding.findMany({ where: { appliedEventId: { in: eventIds } }, select: { appliedEventId: true, runId: true } });
  for (const r of rows) if (r.appliedEventId !== null) out.set(r.appliedEventId, r.runId);
  return out;
}

/** Whether the location has a run started by `trigger` (the demo adds its run once). */
export async function hasRunOfTrigger(locationId: string, trigger: RunTrigger): Promise<boolean> {
  const prisma = await db();
  return (await prisma.reconcileRun.count({ where: { locationId, trigger } })) > 0;
}
