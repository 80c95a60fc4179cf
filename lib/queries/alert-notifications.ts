// The notification queue: one row per message and channel, sent by the evaluator
// and retried with backoff until sent or out of attempts. Every attempt's outcome
// goes on the alert's timeline, so a channel that fails is visible on the page.
import { db, withWriteLock, writeDb } from "../db";
import { parseDetails, type MessageAlert, type MessageEvent } from "../domain/alerts";
import type { AlertStatus } from "../domain/values";
import { alertOf } from "./alerts";

export interface DueNotification {
  id: number;
  event: MessageEvent;
  channel: string;
  attempts: number;
  alert: MessageAlert & { id: number; status: AlertStatus };
}

/** Pending messages whose time has come, oldest first, with their alert. */
export async function dueNotifications(now: Date, limit = 50): Promise<DueNotification[]> {
  const prisma = await db();
  const rows = await prisma.alertNotification.findMany({ where: { status: "pending", nextAttemptAt: { lte: now } }, orderBy: { id: "asc" }, take: limit });
  if (rows.length === 0) return [];
  const alerts = await prisma.alert.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.alertId))] } } });
  const byId = new Map(alerts.map((a) => [a.id, a]));
  return rows.flatMap((r) => {
    const a = byId.get(r.alertId);
    if (!a) return [];
    const { id, rule, subject, summary, status, openedAt, resolvedAt, details } = alertOf(a);
    const alert = { id, rule, subject, summary, status, openedAt, resolvedAt, details: parseDetails(details) };
    return [{ id: r.id, event: r.event === "resolved" ? "resolved" : "opened", channel: r.channel, attempts: r.attempts, alert }];
  });
}

export type Outcome =
  | { kind: "sent" }
  | { kind: "retry"; error: string; nextAttemptAt: Date }
  | { kind: "failed"; error: string }
  | { kind: "cancelled"; reason: string };

/** Saves one attempt's outcome and its timeline entry together. */
export async function saveAttempt(n: DueNotification, now: Date, outcome: Outcome): Promise<void> {
  const prisma = await writeDb();
  const attempts = outcome.kind === "cancelled" ? n.attempts : n.attempts + 1;
  const what = `"${n.event}" message to ${n.channel}`;
  const data =
    outcome.kind === "sent"
      ? { status: "sent", attempts, sentAt: now }
      : outcome.kind === "retry"
        ? { status: "pending", attempts, lastError: outcome.error, nextAttemptAt: outcome.nextAttemptAt }
        : outcome.kind === "failed"
          ? { status: "failed", attempts, lastError: outcome.error }
          : { status: "cancelled", lastError: outcome.reason };
  const activity =
    outcome.kind === "sent"
      ? { kind: "notified", message: `Sent the ${what}${attempts > 1 ? ` (attempt ${attempts})` : ""}` }
      : outcome.kind === "retry"
        ? { kind: "notify_failed", message: `Attempt ${attempts} of the ${what} failed: ${outcome.error}; retrying at ${outcome.nextAttemptAt.toISOString()}` }
        : outcome.kind === "failed"
          ? { kind: "notify_failed", message: `Gave up on the ${what} after ${attempts} attempts: ${outcome.error}` }
          : null;
  await withWriteLock(() =>
    prisma.$transaction(async (tx) => {
      await tx.alertNotification.update({ where: { id: n.id }, data });
      if (activity) await tx.alertActivity.create({ data: { alertId: n.alert.id, at: now, ...activity } });
    }),
  );
}

export interface NotificationRow {
  id: number;
  alertId: number;
  event: string;
  channel: string;
  status: string;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  sentAt: Date | null;
}

export async function notificationsOf(alertIds: readonly number[]): Promise<NotificationRow[]> {
  if (alertIds.length === 0) return [];
  const prisma = await db();
  return prisma.alertNotification.findMany({
    where: { alertId: { in: [...alertIds] } },
    orderBy: { id: "asc" },
    select: { id: true, alertId: true, event: true, channel: true, status: true, attempts: true, nextAttemptAt: true, lastError: true, sentAt: true },
  });
}
