// POST /api/webhooks/highlevel – receive a HighLevel webhook; the body's `type` names the event
import { receiveWebhook } from "@/lib/highlevel/receive";

export function POST(request: Request): Promise<Response> {
  return receiveWebhook(request);
}
