// POST /api/webhooks/highlevel/{EventType} – per-event override URL; the path names the event
import { receiveWebhook } from "@/lib/highlevel/receive";

export async function POST(request: Request, { params }: { params: Promise<{ eventType: string }> }): Promise<Response> {
  const { eventType } = await params;
  return receiveWebhook(request, eventType);
}
