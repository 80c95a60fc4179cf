// POST /api/bench/noop – the floor `npm run bench` compares the receiver against: an
// empty route handler in the same server that reads the request body (as any
// receiver must) and answers a fixed JSON, storing nothing.
// It answers 404 unless BENCH_ROUTES=1, so production servers don't expose it. Like
// the receiver, it is outside proxy.ts's matcher, so both pay the same routing cost.
import { errorResponse } from "@/lib/http/errors";

export async function POST(request: Request): Promise<Response> {
  if (process.env.BENCH_ROUTES !== "1") return errorResponse("not_found", "Not found");
  await request.arrayBuffer();
  return Response.json({ status: "stored", eventId: 0 });
}
