// POST /api/alerts/{id}/acknowledge – no more messages for this alert until it
// resolves; answers the alert. Repeating it changes nothing more; a resolved alert
// is 409 conflict. Refused cross-site like every write route.
import { ApiError, notFound } from "@/lib/http/errors";
import { cursorId } from "@/lib/filters/common";
import { apiRoute } from "@/lib/http/api-route";
import { refuseCrossSite } from "@/lib/http/same-origin";
import { acknowledgeAlert } from "@/lib/queries/alerts";
import { getAlert } from "@/lib/queries/alerts-list";

export const POST = apiRoute(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  refuseCrossSite(request);
  const { id: raw } = await params;
  const id = cursorId.safeParse(/^\d{1,10}$/.test(raw) ? Number(raw) : Number.NaN);
  if (!id.success) throw notFound("Alert");
  const result = await acknowledgeAlert(id.data);
  if (result === "not_found") throw notFound("Alert");
  if (result === "resolved") throw new ApiError("conflict", "This alert has already resolved");
  return Response.json({ data: await getAlert(id.data) });
});
