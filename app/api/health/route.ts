// GET /api/health – 200 with the database kind, the projector's lag and the receiver's 429 counts, or 503 when the database is unreachable
import { errorResponse } from "@/lib/http/errors";
import { checkDatabase } from "@/lib/queries/health";
import { projectorStatus } from "@/lib/queries/projector-status";
import { receiverStats } from "@/lib/receiver-stats";

export async function GET(): Promise<Response> {
  const health = await checkDatabase();
  if (!health.ok) {
    return errorResponse("database_unavailable", "The database cannot be reached", { details: { database: health.database, receiver: receiverStats() } });
  }
  return Response.json({ status: "ok", database: health.database, projector: await projectorStatus(), receiver: receiverStats() });
}
