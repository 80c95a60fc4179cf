// Notification channels from ALERT_WEBHOOK_URLS. A channel URL may hold a secret (a
// Slack hook's path is its credential), so it lives only in the environment: rows,
// pages, logs and errors name a channel by its fingerprint (kind, position, host and
// a short hash that tells two URLs on one host apart), and a stored notification
// finds its URL again by that fingerprint.
import { createHash } from "node:crypto";
import { errorCause, errorCode } from "../error-fields";
import { SLACK_PREFIX } from "./names";

export interface Channel {
  kind: "slack" | "webhook";
  url: string;
  fingerprint: string;
}

/** Slack-compatible: a `slack:` prefix (any host: Mattermost, Rocket.Chat, …) or Slack's own hooks host. */
export function parseChannels(entries: readonly string[]): Channel[] {
  return entries.map((entry, i) => {
    const prefixed = entry.startsWith(SLACK_PREFIX);
    const url = prefixed ? entry.slice(SLACK_PREFIX.length) : entry;
    const host = new URL(url).host;
    const kind = prefixed || host === "hooks.slack.com" ? "slack" : "webhook";
    const hash = createHash("sha256").update(url).digest("hex").slice(0, 8);
    return { kind, url, fingerprint: `${kind}#${i + 1} ${host} ~${hash}` };
  });
}

export type SendResult = { ok: true } | { ok: false; error: string };

/** POSTs JSON; any answer but 2xx, a network error or a timeout is a failure, its text free of the URL. */
export async function postJson(channel: Channel, body: unknown, timeoutMs = 10_000): Promise<SendResult> {
  const hide = (text: string) => text.split(channel.url).join(channel.fingerprint).slice(0, 300);
  try {
    const response = await fetch(channel.url, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "association-monitor-alerts" },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: "error",
    });
    if (response.ok) {
      await response.body?.cancel();
      return { ok: true };
    }
    const text = (await response.text().catch(() => "")).trim().slice(0, 200);
    return { ok: false, error: hide(`HTTP ${response.status}${text ? `: ${text}` : ""}`) };
  } catch (error) {
    const causeCode = errorCode(errorCause(error));
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, error: hide(causeCode ? `${message} (${causeCode})` : message) };
  }
}
