// One webhook request's outcome, noted by the receiver as it goes and counted once
// when the answer is ready. Synchronous and in memory: the receiver awaits nothing
// more for it.
import { performance } from "node:perf_hooks";
import { isHighLevelEventType } from "../domain/events";
import type { RejectionCause } from "../domain/values";
import type { StorageRefusalReason } from "../receiver-stats";
import { appMetrics } from "./registry";
import type { DeliveryResult } from "./receiver-metrics";

export interface DeliveryNote {
  startedAt: number;
  /** The URL's or the body's event type, as the sender gave it (labelled through typeLabel). */
  type: string | null;
  /** null until the receiver knows: an exception escaping it is no delivery outcome (Next answers 500). */
  result: DeliveryResult | null;
  cause?: RejectionCause;
  reason?: StorageRefusalReason | "internal_error";
}

export function startDelivery(): DeliveryNote {
  return { startedAt: performance.now(), type: null, result: null };
}

/**
 * A bounded label: HighLevel's documented event names (lib/domain/events.ts) as
 * they are, any other name "unknown", no type "none". A sender cannot mint series.
 */
function typeLabel(type: string | null): string {
  if (type === null) return "none";
  return isHighLevelEventType(type) ? type : "unknown";
}

export function finishDelivery(note: DeliveryNote): void {
  const { result } = note;
  if (result === null) return;
  const metrics = appMetrics().receiver;
  metrics.deliveries.inc({ type: typeLabel(note.type), result });
  metrics.ingestDuration.observe({ result }, (performance.now() - note.startedAt) / 1000);
  if (result === "rejected" && note.cause) metrics.rejected.inc({ cause: note.cause });
  if (result === "refused_429") metrics.refused429.inc({ reason: note.reason ?? "internal_error" });
}
