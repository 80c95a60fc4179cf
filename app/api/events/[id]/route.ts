// GET /api/events/{id} – one stored delivery with headers and raw body
import { notFound } from "@/lib/http/errors";
import { apiRoute } from "@/lib/http/api-route";
import { getEvent } from "@/lib/queries/events";

export const GET = apiRoute(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  // Event ids are positive integers; anything else names no event.
  const event = /^[1-9]\d{0,9}$/.test(id) && Number(id) <= 2_147_483_647 ? await getEvent(Number(id)) : null;
  if (!event) throw notFound("Event");
  return Response.json({ data: event });
});
