// The alerts list, newest first and keyset-paged, each alert with its timeline and
// its messages per channel (by fingerprint: the URL is never stored).
import { db } from "../db";
import { parseDetails } from "../domain/alerts";
import { alertList, type AlertFilters } from "../filters/alerts";
import type { Prisma } from "../db";
import type { Alert } from "../generated/sqlite/client";
import { notificationsOf } from "./alert-notifications";
import { listPage, unscoped, type ListQuery, type Page } from "./list";

type AlertListFilters = Omit<AlertFilters, "cursor" | "before" | "limit">;

/** The alerts list, newest first, each alert with its timeline and messages. */
const alertListQuery: ListQuery<AlertListFilters, Alert, Prisma.AlertWhereInput, Prisma.AlertOrderByWithRelationInput, AlertRow> = {
  spec: alertList,
  resolve: unscoped,
  where: (f) => ({
    ...(f.status ? { status: { in: f.status } } : {}),
    ...(f.rule ? { rule: { in: f.rule } } : {}),
  }),
  read: async ({ where, orderBy, take }) => (await db()).alert.findMany({ where, orderBy, take }),
  present: withTimelines,
};

export function listAlerts(filters: AlertFilters): Promise<Page<AlertRow>> {
  return listPage(alertListQuery, filters);
}

export type AlertRow = Awaited<ReturnType<typeof withTimelines>>[number];

async function withTimelines(alerts: Alert[]) {
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
