// The alerts list, newest first and keyset-paged, each alert with its timeline and
// its messages per channel (by fingerprint: the URL is never stored).
import { db } from "../db";
import { parseDetails } from "../alerts/messages";
import type { AlertFilters } from "../filters/alerts";
import { notificationsOf } from "./alert-notifications";
import { seekPage } from "./keyset";
import type { Page } from "./paging";

type AlertRecord = {
  id: number;
  rule: string;
  subject: string;
  status: string;
  openedAt: Date;
  lastTrueAt: Date;
  acknowledgedAt: Date | null;
  resolvedAt: Date | null;
  summary: string;
  details: string;
};

export async function listAlerts(filters: AlertFilters) {
  const prisma = await db();
  const where = {
    ...(filters.status ? { status: { in: filters.status } } : {}),
    ...(filters.rule ? { rule: { in: filters.rule } } : {}),
  };
  const page: Page<AlertRecord> = await seekPage({
    sort: { key: "id", desc: true },
    nullable: false,
    after: filters.cursor ? [null, filters.cursor] : undefined,
    before: filters.before ? [null, filters.before] : undefined,
    limit: filters.limit,
    fetch: (seek, orderBy, take) => prisma.alert.findMany({ where: { AND: [where, seek] }, orderBy, take }),
    cursorOf: (r) => r.id,
  });
  return { ...page, data: await withTimelines(page.data) };
}

export type AlertRow = Awaited<ReturnType<typeof withTimelines>>[number];

async function withTimelines(alerts: AlertRecord[]) {
  const ids = alerts.map((a) => a.id);
  const prisma = await db();
  const [activity, notifications] = await Promise.all([
    ids.length ? prisma.alertActivity.findMany({ where: { alertId: { in: ids } }, orderBy: { id: "asc" } }) : [],
    notificationsOf(ids),
  ]);
  return alerts.map((a) => ({
    id: a.id,
    rule: a.rule,
    subject: a.subject,
    status: a.status,
    summary: a.summary,
    openedAt: a.openedAt,
    lastTrueAt: a.lastTrueAt,
    acknowledgedAt: a.acknowledgedAt,
    resolvedAt: a.resolvedAt,
    details: parseDetails(a.details),
    timeline: activity.filter((e) => e.alertId === a.id).map((e) => ({ at: e.at, kind: e.kind, message: e.message })),
    notifications: notifications.filter((n) => n.alertId === a.id).map(({ alertId: _alertId, ...n }) => n),
  }));
}

export async function getAlert(id: number): Promise<AlertRow | null> {
  const prisma = await db();
  const row = await prisma.alert.findUnique({ where: { id } });
  return row ? ((await withTimelines([row]))[0] ?? null) : null;
}
