// POST /api/locations/{locationId}/reconcile/apply – body {"findingIds":[…]} (or no
// body / {} for every open finding of the latest run): appends one synthetic,
// "reconciled" event per applicable finding. Answers {"data":{runId, applied:[{findingId,
// eventId, alreadyApplied}], skipped:[{findingId, reason}], run}}.
import { z } from "zod";
import { ApiError, zodDetails } from "@/lib/http/errors";
import { apiRoute } from "@/lib/http/api-route";
import { readBodyLimited } from "@/lib/http/read-body";
import { refuseCrossSite } from "@/lib/http/same-origin";
import { getRun } from "@/lib/queries/reconcile-runs";
import { applyFindings } from "@/lib/reconcile/apply";
import { locationIdOf, reconcileError } from "@/lib/reconcile/http";

const bodySchema = z.strictObject({
  findingIds: z.array(z.number().int().positive().max(2_147_483_647)).min(1).max(10_000).optional(),
});

// 10,000 ids of up to 10 digits fit well within this; more is refused while reading, never buffered.
const maxBodyBytes = 256 * 1024;

async function readBody(request: Request): Promise<number[] | null> {
  const body = await readBodyLimited(request, maxBodyBytes, 0);
  if (!body.ok) throw new ApiError("body_too_large", "The body is too large");
  const text = new TextDecoder().decode(body.bytes);
  if (text.trim() === "") return null;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ApiError("invalid_json", "The body is not valid JSON");
  }
  const parsed = bodySchema.safeParse(json);
  if (!parsed.success) throw new ApiError("invalid_payload", 'Expected {"findingIds":[…]} or an empty body', zodDetails(parsed.error));
  return parsed.data.findingIds ?? null;
}

export const POST = apiRoute(async (request: Request, { params }: { params: Promise<{ locationId: string }> }) => {
  refuseCrossSite(request);
  const locationId = await locationIdOf(params);
  const findingIds = await readBody(request);
  const outcome = await applyFindings(locationId, findingIds).catch((error: unknown) => {
    throw reconcileError(error);
  });
  return Response.json({ data: { ...outcome, run: await getRun(outcome.runId) } });
});
