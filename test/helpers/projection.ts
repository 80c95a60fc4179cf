// Waits until the projector has applied every stored event, so a test reads the
// derived state (associations, relations, counters) its deliveries lead to.
import { waitForProjection } from "@/lib/projector/wait";

export async function settleProjection(): Promise<void> {
  await waitForProjection(20_000);
}
