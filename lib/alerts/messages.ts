// What a channel receives. The generic webhook gets one JSON document with
// everything a script needs; a Slack-compatible hook gets `text` (Slack's required
// field; mrkdwn links), built from the same facts.
import type { Sample } from "./rules";

export interface AlertDetails {
  counts: Record<string, number | string | null>;
  sample: Sample | null;
  path: string;
  locationName: string | null;
}

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

export function parseDetails(text: string): AlertDetails {
  const d = JSON.parse(text) as Partial<AlertDetails>;
  return { counts: d.counts ?? {}, sample: d.sample ?? null, path: d.path ?? "/", locationName: d.locationName ?? null };
}

function links(alert: MessageAlert, dashboardUrl: string) {
  return { link: `${dashboardUrl}${alert.details.path}`, alertLink: `${dashboardUrl}/alerts?rule=${alert.rule}` };
}

export function headline(alert: MessageAlert, event: MessageEvent): string {
  return event === "opened" ? `Alert: ${alert.rule.replaceAll("_", " ")}` : `Recovered: ${alert.rule.replaceAll("_", " ")}`;
}

export function genericPayload(alert: MessageAlert, event: MessageEvent, dashboardUrl: string) {
  const isLocation = alert.rule === "silence";
  return {
    event: `alert.${event}`,
    text: `${headline(alert, event)}: ${alert.summary}`,
    alert: {
      id: alert.id,
      rule: alert.rule,
      subject: alert.subject,
      summary: alert.summary,
      openedAt: alert.openedAt.toISOString(),
      resolvedAt: alert.resolvedAt?.toISOString() ?? null,
    },
    location: isLocation ? { id: alert.subject, name: alert.details.locationName } : null,
    counts: alert.details.counts,
    sample: alert.details.sample,
    ...links(alert, dashboardUrl),
  };
}

/** Slack mrkdwn: &, < and > are control characters in text. */
const esc = (s: string) => s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");

export function slackPayload(alert: MessageAlert, event: MessageEvent, dashboardUrl: string) {
  const { link, alertLink } = links(alert, dashboardUrl);
  const counts = Object.entries(alert.details.counts).filter(([, v]) => v !== null).map(([k, v]) => `${k}: ${v}`).join(", ");
  const sample = alert.details.sample
    ? Object.entries(alert.details.sample).filter(([, v]) => v !== null).map(([k, v]) => `${k}=${v}`).join(" ")
    : null;
  const lines = [
    `*${esc(headline(alert, event))}* ${esc(alert.summary)}`,
    counts && `Counts: ${esc(counts)}`,
    sample && `Sample: ${esc(sample.slice(0, 500))}`,
    `<${link}|Open in the dashboard> · <${alertLink}|${alert.id === null ? "Alerts" : `Alert #${alert.id}`}>`,
  ];
  return { text: lines.filter(Boolean).join("\n") };
}
