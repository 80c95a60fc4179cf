// An alert as the evaluator, the notification queue and the alerts page share it, and
// the parser of its stored details (JSON the evaluator wrote, read back by the queue
// and the page). Pure: the rules (lib/alerts) and the queries (lib/queries) both
// import it, so neither imports the other for these shapes.
import { z } from "zod";
import type { AlertRule, AlertStatus } from "./values";

/** A sample that shows what the alert is about: an event or a rejected request. */
export type Sample = Record<string, string | number | null>;

export interface AlertDetails {
  counts: Record<string, number | string | null>;
  sample: Sample | null;
  path: string;
  locationName: string | null;
}

/** An alert not yet resolved, as the lifecycle plans it. */
export interface OpenAlert {
  id: number;
  rule: AlertRule;
  subject: string;
  status: AlertStatus;
  openedAt: Date;
  /** The last evaluation that found the condition true. */
  lastTrueAt: Date;
}

/** An alert as a message describes it. */
export interface MessageAlert {
  /** null while the database is unreachable: that alert is written once it is back. */
  id: number | null;
  rule: string;
  subject: string;
  summary: string;
  openedAt: Date;
  resolvedAt: Date | null;
  details: AlertDetails;
}

export type MessageEvent = "opened" | "resolved";

const cell = z.union([z.string(), z.number(), z.null()]);
// Each field falls back on its own, as the details of an older version (or a field
// missing) must still show: the alert matters more than a detail of it.
const detailsSchema = z
  .object({
    counts: z.record(z.string(), cell).catch({}),
    sample: z.record(z.string(), cell).nullable().catch(null),
    path: z.string().catch("/"),
    locationName: z.string().nullable().catch(null),
  })
  .catch({ counts: {}, sample: null, path: "/", locationName: null });

/** The stored `details` JSON of an alert; throws when it is not JSON at all. */
export function parseDetails(text: string): AlertDetails {
  return detailsSchema.parse(JSON.parse(text));
}
