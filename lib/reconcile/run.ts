// One reconciliation run for one location: take the location's lock (one run per
// location across instances), fetch its name and every page of its associations
// from HighLevel, compare with our projected rows, check the relations of its most
// recently active records, and store the findings. Progress and a heartbeat are
// saved while it works; the lock is renewed beside them. A run that loses its lock
// (its process was frozen past the lock's expiry) stops rather than race the new
// holder.
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { env } from "../env";
import { ApiCallFailed, HighLevelClient, TokenRejected, type Sleep } from "../highlevel/api-client";
import { parseAssociationsPage, parseLocationName, parseRelationsPage, type ApiRow, type ParsedPage } from "../highlevel/api-parse";
import { apiTokenFor } from "../highlevel/api-tokens";
import type { RunTrigger } from "../domain/values";
import { logger } from "../logger";
import { setApiLocationName } from "../queries/location-profiles";
import { acquireReconcileLock, releaseReconcileLock, renewReconcileLock } from "../queries/reconcile-lock";
import type { RunProgress, UnparsedResponse } from "../domain/reconcile-run";
import { createRun, failStaleRuns, finishRun, heartbeat, initialProgress, latestRunId, saveProgress, type FindingInput } from "../queries/reconcile-runs";
import { locationLastHeard, ourAssociations, ourRelationsOfRecord, recentRecordIds } from "../queries/reconcile-source";
import { compareAssociations, compareRelations } from "./compare";

/** Mutable for tests (like projectorTiming). */
export const reconcileTiming = {
  lockMs: 30_000,
  heartbeatMs: 5_000,
  /** A running run whose heartbeat is older than this died with its process. */
  staleMs: 60_000,
  pageSize: 100,
  maxPages: 1_000,
  maxUnparsed: 10,
};

export class NoApiToken extends Error {
  constructor(readonly locationId: string) {
    super("This location has no HighLevel API token (HIGHLEVEL_API_TOKENS)");
  }
}

export interface StartOptions {
  trigger?: RunTrigger;
  sleep?: Sleep;
}

export type StartResult = { started: true; runId: number; done: Promise<void> } | { started: false; runId: number | null };

interface Active {
  controller: AbortController;
  done: Promise<void>;
}
declare global {
  /** On globalThis: one per process, whichever route bundle (or dev-mode reload) imports this module. */
  var __associationMonitorReconcile: Set<Active> | undefined;
}
globalThis.__associationMonitorReconcile ??= new Set();
const active: Set<Active> = globalThis.__associationMonitorReconcile;
/** How many shutdowns have begun; a run set up across one is stopped as it starts. */
let stops = 0;

const newOwner = () => `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;

/** Starts a run unless one is running for the location (here or on another instance). */
export async function startReconcile(locationId: string, options: StartOptions = {}): Promise<StartResult> {
  const stopsBefore = stops;
  const token = apiTokenFor(locationId);
  if (token === null) throw new NoApiToken(locationId);
  await failStaleRuns(reconcileTiming.staleMs, locationId);
  const owner = newOwner();
  if (!(await acquireReconcileLock(locationId, owner, reconcileTiming.lockMs))) {
    return { started: false, runId: await latestRunId(locationId) };
  }
  let runId: number;
  try {
    runId = await createRun(locationId, options.trigger ?? "manual", owner);
  } catch (error) {
    await releaseReconcileLock(locationId, owner).catch(() => {});
    throw error;
  }
  const controller = new AbortController();
  const entry: Active = { controller, done: Promise.resolve() };
  entry.done = execute({ runId, locationId, owner, token, controller, sleep: options.sleep }).finally(() => active.delete(entry));
  active.add(entry);
  // A shutdown that began while this run was being set up did not see it: stop it now,
  // or the shutdown would wait for a whole run (minutes, with HighLevel's rate limits).
  if (stops !== stopsBefore) controller.abort(new Error("Stopped: the server shut down"));
  return { started: true, runId, done: entry.done };
}

/** Shutdown: stops this process's runs (each ends "failed", lock released) and waits for them. */
export async function stopReconcileRuns(): Promise<void> {
  stops += 1;
  const entries = [...active];
  for (const e of entries) e.controller.abort(new Error("Stopped: the server shut down"));
  await Promise.all(entries.map((e) => e.done));
}

interface RunContext {
  runId: number;
  locationId: string;
  owner: string;
  token: string;
  controller: AbortController;
  sleep?: Sleep;
}

class RunState {
  progress: RunProgress = initialProgress();
  findings: FindingInput[] = [];
  unparsed: UnparsedResponse[] = [];
  private lastSave = 0;

  constructor(private readonly runId: number) {}

  keep(entry: UnparsedResponse): void {
    if (this.unparsed.length < reconcileTiming.maxUnparsed) this.unparsed.push(entry);
  }

  private trailing: NodeJS.Timeout | null = null;

  /**
   * Saves progress now (phase changes) or at most every 500 ms (call counters); a
   * skipped save happens at the end of those 500 ms, so a long wait shows at once.
   */
  async save(force: boolean): Promise<void> {
    const now = Date.now();
    if (!force && now - this.lastSave < 500) {
      this.trailing ??= setTimeout(
        () => {
          this.trailing = null;
          this.save(true).catch(() => {});
        },
        500 - (now - this.lastSave),
      );
      return;
    }
    this.lastSave = now;
    await saveProgress(this.runId, this.progress);
  }

  stop(): void {
    if (this.trailing) clearTimeout(this.trailing);
  }
}

async function execute(ctx: RunContext): Promise<void> {
  const state = new RunState(ctx.runId);
  const { signal } = ctx.controller;
  const client = new HighLevelClient({
    baseUrl: env().HIGHLEVEL_API_BASE_URL,
    token: ctx.token,
    sleep: ctx.sleep,
    signal,
    onStats: (s) => {
      Object.assign(state.progress, { calls: s.calls, retries: s.retries, waitedMs: s.waitedMs });
      state.save(false).catch(() => {});
    },
  });
  // The heartbeat also runs during long waits (a 429's Retry-After).
  const beat = setInterval(() => {
    void (async () => {
      if (!(await renewReconcileLock(ctx.locationId, ctx.owner, reconcileTiming.lockMs))) {
        ctx.controller.abort(new Error("Stopped: the run's lock expired and another run took it over"));
        return;
      }
      await heartbeat(ctx.runId);
    })().catch((error: unknown) => logger.warn({ runId: ctx.runId, err: String(error) }, "reconcile heartbeat failed"));
  }, reconcileTiming.heartbeatMs);
  beat.unref();
  let status: "done" | "failed" = "done";
  let error: string | null = null;
  try {
    await work(ctx, client, state);
  } catch (caught) {
    status = "failed";
    if (caught instanceof TokenRejected) {
      error = caught.message;
      state.findings.push({
        kind: "token_rejected",
        associationId: null,
        relationId: null,
        fields: null,
        ours: null,
        theirs: { status: caught.status, path: caught.path },
        lastHeardAt: null,
      });
    } else if (caught instanceof ApiCallFailed) {
      error = caught.message;
      if (caught.body !== null) state.keep({ path: caught.path, status: caught.status, note: "the call did not succeed", body: caught.body });
    } else if (signal.aborted) {
      error = signal.reason instanceof Error ? signal.reason.message : "Stopped";
    } else {
      logger.error({ runId: ctx.runId, err: client.redact(String(caught)) }, "reconcile run failed");
      error = "Internal error during the run (see the server log)";
    }
  } finally {
    clearInterval(beat);
    state.stop();
  }
  state.progress.phase = status;
  try {
    await finishRun(ctx.runId, ctx.locationId, {
      status,
      progress: state.progress,
      findings: state.findings,
      error: error && client.redact(error),
      unparsed: state.unparsed,
    });
  } catch (caught) {
    // Left "running": it turns "failed" once its heartbeat is stale.
    logger.error({ runId: ctx.runId, err: String(caught) }, "could not save the reconcile run's result");
  }
  await releaseReconcileLock(ctx.locationId, ctx.owner).catch(() => {});
  logger.info({ runId: ctx.runId, locationId: ctx.locationId, status, findings: state.findings.length, calls: state.progress.calls }, "reconcile run ended");
}

/** Every page of a list; `complete` is false when a page was not understood or paging never ended. */
async function fetchAll<F extends string>(
  client: HighLevelClient,
  state: RunState,
  pathOf: (skip: number, limit: number) => string,
  parse: (body: unknown) => ParsedPage<F> | null,
  what: string,
  onPage: (rows: number) => Promise<void>,
): Promise<{ rows: ApiRow<F>[]; complete: boolean; understood: boolean }> {
  const rows: ApiRow<F>[] = [];
  const ids = new Set<string>();
  const limit = reconcileTiming.pageSize;
  let partial = false;
  for (let page = 0, skip = 0; page < reconcileTiming.maxPages; page++) {
    const response = await client.get(pathOf(skip, limit));
    const parsed = response.json === undefined ? null : parse(response.json);
    if (!parsed) {
      state.keep({ path: response.path, status: response.status, note: `not understood: no list of ${what} found`, body: response.text });
      return { rows, complete: false, understood: page > 0 };
    }
    if (parsed.unreadable > 0) {
      partial = true;
      state.keep({
        path: response.path,
        status: response.status,
        note: `${parsed.unreadable} of its rows had no id and were not compared`,
        body: response.text,
      });
    }
    const fresh = parsed.rows.filter((r) => !ids.has(r.id));
    for (const r of fresh) ids.add(r.id);
    rows.push(...fresh);
    await onPage(parsed.rows.length);
    const read = parsed.rows.length + parsed.unreadable;
    if (read === 0 || read < limit || (parsed.total !== null && skip + read >= parsed.total)) {
      return { rows, complete: !partial, understood: true };
    }
    if (fresh.length === 0) {
      // A full page of ids we already have: the API ignores `skip`. Stop rather than loop.
      state.keep({ path: response.path, status: response.status, note: "paging did not advance (same rows again); stopped reading", body: response.text });
      return { rows, complete: false, understood: true };
    }
    skip += read;
  }
  return { rows, complete: false, understood: true };
}

async function work(ctx: RunContext, client: HighLevelClient, state: RunState): Promise<void> {
  const loc = encodeURIComponent(ctx.locationId);
  const p = state.progress;

  p.phase = "location";
  await state.save(true);
  try {
    const response = await client.get(`/locations/${loc}`);
    const name = response.json === undefined ? null : parseLocationName(response.json);
    if (name !== null) await setApiLocationName(ctx.locationId, name);
    else state.keep({ path: response.path, status: response.status, note: "not understood: no location name at location.name or name", body: response.text });
  } catch (caught) {
    // The name is a nicety; only a refused token ends the run here.
    if (!(caught instanceof ApiCallFailed)) throw caught;
    state.keep({ path: caught.path, status: caught.status, note: `location name not read: ${caught.message}`, body: caught.body ?? "" });
  }

  p.phase = "associations";
  await state.save(true);
  const assoc = await fetchAll(
    client,
    state,
    (skip, limit) => `/associations/?locationId=${loc}&skip=${skip}&limit=${limit}`,
    parseAssociationsPage,
    "associations",
    async (n) => {
      p.pages += 1;
      p.associationsFetched += n;
      await state.save(false);
    },
  );
  if (!assoc.understood)
    throw new ApiCallFailed("HighLevel's list of associations was not understood; its raw answer is kept on the run", "/associations/", null, null);
  const [ours, lastHeard] = await Promise.all([ourAssociations(ctx.locationId), locationLastHeard(ctx.locationId)]);
  state.findings.push(...compareAssociations(ours, assoc.rows, { complete: assoc.complete, locationLastHeard: lastHeard }));
  p.rowsCompared += ours.length + assoc.rows.length;

  p.phase = "relations";
  const records = await recentRecordIds(ctx.locationId, env().RECONCILE_RELATION_RECORDS);
  p.relationRecords = { checked: 0, total: records.length };
  await state.save(true);
  const reported = new Set<string>();
  for (const recordId of records) {
    const rel = await fetchAll(
      client,
      state,
      (skip, limit) => `/associations/relations/${encodeURIComponent(recordId)}?locationId=${loc}&skip=${skip}&limit=${limit}`,
      parseRelationsPage,
      "relations",
      async () => {
        p.pages += 1;
      },
    );
    if (rel.understood) {
      const mine = await ourRelationsOfRecord(ctx.locationId, recordId);
      state.findings.push(...compareRelations(mine, rel.rows, { complete: rel.complete, locationId: ctx.locationId, locationLastHeard: lastHeard, reported }));
      p.rowsCompared += mine.length + rel.rows.length;
    }
    p.relationRecords.checked += 1;
    await state.save(false);
  }
  p.phase = "saving";
}
