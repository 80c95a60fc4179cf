// What a channel receives. The generic webhook gets one JSON document with
// everything a script needs; a Slack-compatible hook gets `text` (Slack's required
// field; mrkdwn links), built from the same facts.
import type { MessageAlert, MessageEvent } from "../domain/alerts";

function links(alert: MessageAlert, dashboardUrl: string) {
  return { link: `${dashboardUrl}${alert.details.path}`, alertLink: `${dashboardUrl}/alerts?rule=${alert.rule}` };
}

function headline(alert: MessageAlert, event: MessageEvent): string {
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
  const counts = Object.entries(alert.details.counts)
    .filter(([, v]) => v !== null)
    .map(([k, v]) => `${k}: ${v}`)
    .join(", ");
  const sample = alert.details.sample
    ? Object.entries(alert.details.sample)
        .filter(([, v]) => v !== null)
        .map(([k, v]) => `${k}=${v}`)
        .join(" ")
    : null;
  const lines = [
    `*${esc(headline(alert, event))}* ${esc(alert.summary)}`,
    counts && `Counts: ${esc(counts)}`,
    sample && `Sample: ${esc(sample.slice(0, 500))}`,
    `<${link}|Open in the dashboard> · <${alertLink}|${alert.id === null ? "Alerts" : `Alert #${alert.id}`}>`,
  ];
  return { text: lines.filter(Boolean).join("\n") };
}
