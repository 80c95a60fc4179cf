// GET /api/metrics – Prometheus text exposition (prom-client): this process's receiver
// counters and the database's projector, alert and location figures. Session, HTTP
// Basic, or `Authorization: Bearer <METRICS_TOKEN>` when that is set.
import { handleApiError } from "@/lib/http/errors";
import { authorizeMetrics } from "@/lib/auth/metrics-auth";
import { authFailureResponse } from "@/lib/http/auth-response";
import { renderMetrics } from "@/lib/metrics/registry";

export async function GET(request: Request): Promise<Response> {
  try {
    // Checked here as well as in proxy.ts, like every read API (lib/http/api-route.ts).
    const auth = await authorizeMetrics(request.headers);
    if (!auth.ok) return authFailureResponse(auth);
    const { body, contentType } = await renderMetrics();
    return new Response(body, { status: 200, headers: { "Content-Type": contentType, "Cache-Control": "no-store" } });
  } catch (error) {
    return handleApiError(error);
  }
}
