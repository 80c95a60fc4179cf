// Sends the queued messages that are due, all at once (each bounded by its timeout,
// so a cycle never outlasts the evaluator's lease), and records each outcome: sent,
// retry later with backoff, or given up after the last attempt.
import { dueNotifications, saveAttempt, type DueNotification, type Outcome } from "../queries/alert-notifications";
import { postJson, type Channel, type SendResult } from "./channels";
import { backoffMs } from "./lifecycle";
import type { MessageAlert, MessageEvent } from "../domain/alerts";
import { genericPayload, slackPayload } from "./messages";

export interface DispatchOptions {
  channels: readonly Channel[];
  dashboardUrl: string;
  maxAttempts: number;
  backoffBaseMs?: number;
  timeoutMs?: number;
}

export function sendMessage(channel: Channel, alert: MessageAlert, event: MessageEvent, o: DispatchOptions): Promise<SendResult> {
  const body = channel.kind === "slack" ? slackPayload(alert, event, o.dashboardUrl) : genericPayload(alert, event, o.dashboardUrl);
  return postJson(channel, body, o.timeoutMs);
}

/** What to record after an attempt numbered `attempt` (1-based). */
export function outcomeOf(result: SendResult, attempt: number, now: Date, o: DispatchOptions): Outcome {
  if (result.ok) return { kind: "sent" };
  if (attempt >= o.maxAttempts) return { kind: "failed", error: result.error };
  return { kind: "retry", error: result.error, nextAttemptAt: new Date(now.getTime() + backoffMs(attempt, o.backoffBaseMs)) };
}

async function deliver(n: DueNotification, now: Date, o: DispatchOptions): Promise<Outcome> {
  // Acknowledged or resolved since it was queued: the news is old.
  if (n.event === "opened" && n.alert.status !== "open") return { kind: "cancelled", reason: `${n.alert.status} before it was delivered` };
  const channel = o.channels.find((c) => c.fingerprint === n.channel);
  if (!channel) return { kind: "failed", error: "this channel is no longer in ALERT_WEBHOOK_URLS" };
  return outcomeOf(await sendMessage(channel, n.alert, n.event, o), n.attempts + 1, now, o);
}

/** Returns how many messages were attempted. */
export async function dispatchDue(now: Date, o: DispatchOptions): Promise<number> {
  const due = await dueNotifications(now);
  await Promise.all(due.map(async (n) => saveAttempt(n, now, await deliver(n, now, o))));
  return due.length;
}
