// POST /api/e2e/deliver-at?receivedAt=ISO – browser tests only: the real receiver
// (signature check, dedupe, append, projection) with a receive time in the past, the
// seam the demo loader uses, so a test can build two weeks of history and see a
// location fall silent. It answers 404 unless E2E_ROUTES=1 (set only by
// scripts/e2e-server.mjs), so production servers don't expose it; it sits behind the
// dashboard's sign-in like every other non-webhook route.
import { errorResponse } from "@/lib/http/errors";
import { receiveWebhook } from "@/lib/highlevel/receive";

export async function POST(request: Request): Promise<Response> {
  if (process.env.E2E_ROUTES !== "1") return errorResponse("not_found", "Not found");
  const receivedAt = new Date(new URL(request.url).searchParams.get("receivedAt") ?? "");
  if (Number.isNaN(receivedAt.getTime())) return errorResponse("invalid_query", "receivedAt must be an ISO 8601 date-time");
  return receiveWebhook(request, undefined, receivedAt);
}
