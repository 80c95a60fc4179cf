// The shape of an alert channel setting, apart from the channels themselves so
// lib/env.ts can validate its settings without importing the sender.

/** `slack:` marks a Slack-compatible incoming webhook on any host (Mattermost, Rocket.Chat, …). */
export const SLACK_PREFIX = "slack:";

export function isAlertChannelUrl(entry: string): boolean {
  const url = entry.startsWith(SLACK_PREFIX) ? entry.slice(SLACK_PREFIX.length) : entry;
  return /^https?:\/\/[^\s/]+/.test(url) && URL.canParse(url);
}
