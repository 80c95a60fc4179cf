// GET /api/health – 200 with the database kind, or 503 when the database is unreachable
import { errorResponse } from "@/lib/api-errors";
import { checkDatabase } from "@/lib/queries/health";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const health = await checkDatabase();
  if (!health.ok) {
    return errorResponse(503, "database_unavailable", "The database cannot be reached", { database: health.database });
  }
  return Response.json({ status: "ok", database: health.database });
}
