// GET  /api/locations/{locationId}/reconcile – the location's latest reconciliation run
//      ({"data": run}, or {"data": null} when it was never reconciled).
// POST /api/locations/{locationId}/reconcile – starts a run: 200 with the finished run
//      when it ends within a few seconds, else 202 with the running run (poll GET).
//      A run already running (on any instance) answers 202 with that run.
import { ApiError } from "@/lib/http/errors";
import { apiRoute } from "@/lib/http/api-route";
import { refuseCrossSite } from "@/lib/http/same-origin";
import { failStaleRuns, getRun, latestRunId } from "@/lib/queries/reconcile-runs";
import { locationIdOf, reconcileError } from "@/lib/reconcile/http";
import { reconcileTiming, startReconcile } from "@/lib/reconcile/run";

type Context = { params: Promise<{ locationId: string }> };

/** How long POST waits for the run to finish before answering 202. */
export const answerWithinMs = 2_500;

export const GET = apiRoute(async (_request: Request, { params }: Context) => {
  const locationId = await locationIdOf(params);
  await failStaleRuns(reconcileTiming.staleMs, locationId);
  const runId = await latestRunId(locationId);
  return Response.json({ data: runId === null ? null : await getRun(runId) });
});

export const POST = apiRoute(async (request: Request, { params }: Context) => {
  refuseCrossSite(request);
  const locationId = await locationIdOf(params);
  const result = await startReconcile(locationId, { trigger: "manual" }).catch((error: unknown) => {
    throw reconcileError(error);
  });
  if (!result.started) {
    const running = result.runId === null ? null : await getRun(result.runId);
    if (running?.status === "running") return Response.json({ data: running }, { status: 202 });
    throw new ApiError("reconcile_running", "A reconciliation of this location is starting on another instance; try again shortly");
  }
  let timer: NodeJS.Timeout | undefined;
  const finished = await Promise.race([
    result.done.then(() => true),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), answerWithinMs);
    }),
  ]);
  clearTimeout(timer);
  return Response.json({ data: await getRun(result.runId) }, { status: finished ? 200 : 202 });
});
