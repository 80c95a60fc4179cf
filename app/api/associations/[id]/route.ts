// GET /api/associations/{id} – one association with one page of its event history
import { notFound } from "@/lib/api-errors";
import { associationHistorySchema } from "@/lib/filters/associations";
import { apiRoute, parseQuery } from "@/lib/http/api-route";
import { getAssociation } from "@/lib/queries/associations";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const history = parseQuery(associationHistorySchema, request);
  const { id } = await params;
  // No stored id is longer or holds NUL (which PostgreSQL text cannot even be compared with).
  const association = id.length <= 200 && !id.includes("\u0000") ? await getAssociation(id, { history }) : null;
  if (!association) throw notFound("Association");
  return Response.json({ data: association });
});
