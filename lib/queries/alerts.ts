// Alert rows and their timelines, written by the evaluator (one instance at a time,
// under its lease) and by an operator's acknowledgement. Each change and its
// timeline entry, and the notifications it causes, commit together.
import { db, withWriteLock, writeDb } from "../db";
import type { OpenAlert } from "../domain/alerts";
import { alertRuleNames, alertStatuses, oneOf, type AlertRule, type AlertStatus } from "../domain/values";
import type { Tx } from "./tx";

export interface NewAlert {
  rule: AlertRule;
  subject: string;
  summary: string;
  details: string;
}

async function write<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  const prisma = await writeDb();
  return withWriteLock(() => prisma.$transaction(fn));
}

function queue(tx: Tx, alertId: number, event: "opened" | "resolved", channels: readonly string[], now: Date) {
  return tx.alertNotification.createMany({
    data: channels.map((channel) => ({ alertId, event, channel, status: "pending", attempts: 0, nextAttemptAt: now, createdAt: now })),
  });
}

/** An Alert row with its rule and status, text in the table, checked against their closed sets. */
export function alertOf<R extends { rule: string; status: string }>(row: R): Omit<R, "rule" | "status"> & { rule: AlertRule; status: AlertStatus } {
  return { ...row, rule: oneOf(alertRuleNames, row.rule, "Alert.rule"), status: oneOf(alertStatuses, row.status, "Alert.status") };
}

/** Alerts not yet resolved (open or acknowledged): at most one per rule + subject. */
export async function unresolvedAlerts(): Promise<OpenAlert[]> {
  const prisma = await db();
  const select = { id: true, rule: true, subject: true, status: true, openedAt: true, lastTrueAt: true } as const;
  const rows = await prisma.alert.findMany({ where: { status: { in: ["open", "acknowledged"] } }, orderBy: { id: "asc" }, select });
  return rows.map(alertOf);
}

/** Opens an alert with its "opened" entry and one pending message per channel. */
export async function openAlert(a: NewAlert, now: Date, channels: readonly string[], message = `Opened: ${a.summary}`): Promise<number> {
  return write(async (tx) => {
    const { id } = await tx.alert.create({ data: { ...a, status: "open", openedAt: now, lastTrueAt: now }, select: { id: true } });
    await tx.alertActivity.create({ data: { alertId: id, at: now, kind: "opened", message } });
    await queue(tx, id, "opened", channels, now);
    return id;
  });
}

/** The condition still holds: remember when, and its latest figures. */
export async function keepAlert(id: number, now: Date, summary: string, details: string): Promise<void> {
  const prisma = await writeDb();
  await withWriteLock(() => prisma.alert.updateMany({ where: { id, status: { not: "resolved" } }, data: { lastTrueAt: now, summary, details } }));
}

/** Resolves with a "recovered" message; an "opened" message not yet delivered is no longer news. */
export async function resolveAlert(id: number, now: Date, channels: readonly string[], message: string): Promise<boolean> {
  return write(async (tx) => {
    const done = await tx.alert.updateMany({ where: { id, status: { not: "resolved" } }, data: { status: "resolved", resolvedAt: now } });
    if (done.count === 0) return false;
    await tx.alertActivity.create({ data: { alertId: id, at: now, kind: "resolved", message } });
    await tx.alertNotification.updateMany({
      where: { alertId: id, event: "opened", status: "pending" },
      data: { status: "cancelled", lastError: "resolved before it was delivered" },
    });
    await queue(tx, id, "resolved", channels, now);
    return true;
  });
}

export type AcknowledgeResult = "acknowledged" | "already_acknowledged" | "resolved" | "not_found";

/** No more messages until it resolves: pending "opened" messages are cancelled. */
export async function acknowledgeAlert(id: number, now = new Date(), by = "an operator"): Promise<AcknowledgeResult> {
  return write(async (tx) => {
    const alert = await tx.alert.findUnique({ where: { id }, select: { status: true } });
    if (!alert) return "not_found";
    if (alert.status === "resolved") return "resolved";
    if (alert.status === "acknowledged") return "already_acknowledged";
    await tx.alert.update({ where: { id }, data: { status: "acknowledged", acknowledgedAt: now } });
    await tx.alertActivity.create({
      data: { alertId: id, at: now, kind: "acknowledged", message: `Acknowledged by ${by}; no more messages until it resolves` },
    });
    await tx.alertNotification.updateMany({
      where: { alertId: id, event: "opened", status: "pending" },
      data: { status: "cancelled", lastError: "acknowledged before it was delivered" },
    });
    return "acknowledged";
  });
}

export interface RecordedActivity {
  at: Date;
  kind: string;
  message: string;
}
export interface RecordedNotification {
  channel: string;
  status: "pending" | "sent" | "failed";
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

/**
 * Writes an alert that was kept in memory while the database was unreachable, with
 * what happened meanwhile; messages still pending are retried from here on.
 */
export async function recordAlert(
  a: NewAlert & { openedAt: Date; lastTrueAt: Date },
  activity: readonly RecordedActivity[],
  notifications: readonly RecordedNotification[],
): Promise<number> {
  return write(async (tx) => {
    const { id } = await tx.alert.create({ data: { ...a, status: "open" }, select: { id: true } });
    await tx.alertActivity.createMany({ data: activity.map((e) => ({ alertId: id, ...e })) });
    await tx.alertNotification.createMany({ data: notifications.map((n) => ({ alertId: id, event: "opened", ...n })) });
    return id;
  });
}

/** For the overview: alerts waiting for someone, and how many of those are acknowledged. */
export async function countUnresolvedAlerts(): Promise<{ open: number; acknowledged: number }> {
  const prisma = await db();
  const rows = await prisma.alert.groupBy({ by: ["status"], where: { status: { in: ["open", "acknowledged"] } }, _count: { _all: true } });
  const of = (s: string) => rows.find((r) => r.status === s)?._count._all ?? 0;
  return { open: of("open"), acknowledged: of("acknowledged") };
}
