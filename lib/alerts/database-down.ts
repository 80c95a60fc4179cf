// The one alert that cannot live in the database: the evaluator cannot reach it. Its
// state stays in this process's memory and its messages go straight to the channels
// (retried with the same backoff); once the database answers again, the alert and its
// timeline are written there, and the usual lifecycle resolves it after the minimum
// open time with a "recovered" message. Only the instance that held the evaluator's
// lease when the database went away does this, so instances do not all send it.
import type { RecordedActivity, RecordedNotification } from "../queries/alerts";
import { recordAlert } from "../queries/alerts";
import { formatDuration } from "../format-duration";
import type { Channel } from "./channels";
import { outcomeOf, sendMessage, type DispatchOptions } from "./dispatch";
import type { AlertDetails, MessageAlert } from "../domain/alerts";
import { databaseDownHolds, type Thresholds } from "./rules";

interface Pending extends RecordedNotification {
  channel: string;
}

export interface DownState {
  since: Date | null;
  lastAt: Date | null;
  error: string;
  alert: { openedAt: Date; summary: string; details: AlertDetails; activity: RecordedActivity[]; notifications: Pending[] } | null;
}

export const upState = (): DownState => ({ since: null, lastAt: null, error: "", alert: null });

function messageAlert(a: NonNullable<DownState["alert"]>): MessageAlert {
  return { id: null, rule: "database_unreachable", subject: "", summary: a.summary, openedAt: a.openedAt, resolvedAt: null, details: a.details };
}

/**
 * One evaluation without the database. `alreadyOpen`: an unresolved
 * database_unreachable alert was in the database at the last look (a flap within
 * the minimum open time), so no second "opened" message goes out.
 */
export async function whileDown(
  s: DownState,
  now: Date,
  error: string,
  t: Thresholds,
  alreadyOpen: boolean,
  o: DispatchOptions & { channels: readonly Channel[] },
): Promise<void> {
  s.since ??= now;
  s.lastAt = now;
  s.error = error.slice(0, 300);
  if (!s.alert && !alreadyOpen && databaseDownHolds(s.since, now, t)) {
    const summary = `The alert evaluator cannot reach the database (since ${s.since.toISOString()}): ${s.error}`;
    s.alert = {
      openedAt: now,
      summary,
      details: { counts: { downSeconds: Math.round((now.getTime() - s.since.getTime()) / 1000) }, sample: null, path: "/", locationName: null },
      activity: [{ at: now, kind: "opened", message: `Opened: ${summary}` }],
      notifications: o.channels.map((c) => ({
        channel: c.fingerprint,
        status: "pending",
        attempts: 0,
        nextAttemptAt: now,
        lastError: null,
        createdAt: now,
        sentAt: null,
      })),
    };
  }
  if (!s.alert) return;
  const alert = messageAlert(s.alert);
  await Promise.all(
    s.alert.notifications.map(async (n) => {
      if (n.status !== "pending" || n.nextAttemptAt > now) return;
      const channel = o.channels.find((c) => c.fingerprint === n.channel);
      const outcome = channel
        ? outcomeOf(await sendMessage(channel, alert, "opened", o), n.attempts + 1, now, o)
        : ({ kind: "failed", error: "channel no longer configured" } as const);
      n.attempts += 1;
      if (outcome.kind === "sent") Object.assign(n, { status: "sent", sentAt: now });
      else if (outcome.kind === "retry") Object.assign(n, { lastError: outcome.error, nextAttemptAt: outcome.nextAttemptAt });
      else if (outcome.kind === "failed") Object.assign(n, { status: "failed", lastError: outcome.error });
      const kind = outcome.kind === "sent" ? "notified" : "notify_failed";
      const message =
        outcome.kind === "sent"
          ? `Sent the "opened" message to ${n.channel} directly (database unreachable)`
          : `Attempt ${n.attempts} of the "opened" message to ${n.channel} failed: ${n.lastError}`;
      s.alert?.activity.push({ at: now, kind, message });
    }),
  );
}

/** The database answers again: write the alert kept in memory (if any) and forget the outage. */
export async function afterRecovery(s: DownState, now: Date): Promise<number | null> {
  const { alert: a, since, lastAt } = s;
  if (!a || !since) {
    Object.assign(s, upState());
    return null;
  }
  const activity = [
    ...a.activity,
    { at: now, kind: "database_back", message: `The database answers again after ${formatDuration(now.getTime() - since.getTime())}` },
  ];
  // Forgotten only once written: if the write fails, the next evaluation tries again.
  const id = await recordAlert(
    { rule: "database_unreachable", subject: "", summary: a.summary, details: JSON.stringify(a.details), openedAt: a.openedAt, lastTrueAt: lastAt ?? now },
    activity,
    a.notifications,
  );
  Object.assign(s, upState());
  return id;
}
