// The alert rules' names and the shape of a channel setting, apart from the rules
// themselves so lib/env.ts can validate its settings without importing the evaluator.

export const alertRuleNames = ["silence", "rejections", "signature_failures", "receiver_429", "projection_lag", "database_unreachable"] as const;
export type AlertRule = (typeof alertRuleNames)[number];

export const alertStatuses = ["open", "acknowledged", "resolved"] as const;
export type AlertStatus = (typeof alertStatuses)[number];

/** `slack:` marks a Slack-compatible incoming webhook on any host (Mattermost, Rocket.Chat, …). */
export const SLACK_PREFIX = "slack:";

export function isAlertChannelUrl(entry: string): boolean {
  const url = entry.startsWith(SLACK_PREFIX) ? entry.slice(SLACK_PREFIX.length) : entry;
  return /^https?:\/\/[^\s/]+/.test(url) && URL.canParse(url);
}
