// What an evaluation does to the alerts, decided apart from the database: open a
// condition that has no open alert (one per rule + subject), keep an open one
// current while it holds, and resolve one only after its condition has been false
// for the minimum open time, so a flapping condition stays one alert with one
// "opened" and one "recovered" message instead of a message per flap.
import type { OpenAlert } from "../domain/alerts";
import type { AlertRule } from "../domain/values";
import type { Condition } from "./rules";

export interface LifecyclePlan {
  open: Condition[];
  keep: { alert: OpenAlert; condition: Condition }[];
  resolve: OpenAlert[];
}

const alertKey = (rule: string, subject: string) => `${rule}\u0000${subject}`;

/**
 * `evaluated`: the rules whose measurements were taken this time. An alert of a rule
 * that was not evaluated (its query failed, or it is disabled) is left as it is
 * rather than resolved on missing data.
 */
export function planLifecycle(
  open: readonly OpenAlert[],
  conditions: readonly Condition[],
  evaluated: ReadonlySet<AlertRule>,
  now: Date,
  minOpenMs: number,
): LifecyclePlan {
  const byKey = new Map(open.map((a) => [alertKey(a.rule, a.subject), a]));
  const holding = new Set<string>();
  const plan: LifecyclePlan = { open: [], keep: [], resolve: [] };
  for (const condition of conditions) {
    const key = alertKey(condition.rule, condition.subject);
    if (holding.has(key)) continue;
    holding.add(key);
    const alert = byKey.get(key);
    if (alert) plan.keep.push({ alert, condition });
    else plan.open.push(condition);
  }
  for (const alert of open) {
    if (holding.has(alertKey(alert.rule, alert.subject))) continue;
    if (!evaluated.has(alert.rule)) continue;
    const falseFor = now.getTime() - alert.lastTrueAt.getTime();
    const openFor = now.getTime() - alert.openedAt.getTime();
    if (falseFor >= minOpenMs && openFor >= minOpenMs) plan.resolve.push(alert);
  }
  return plan;
}

/** Retry delays of a failed notification: 30 s, 1 min, 2 min, … capped at 30 min. */
export function backoffMs(attempts: number, baseMs = 30_000): number {
  return Math.min(baseMs * 2 ** Math.max(0, attempts - 1), 30 * 60_000);
}
