// One evaluation cycle: check the database, hold the evaluator's lease (one instance
// at a time across instances), measure, apply the lifecycle (open, keep, resolve)
// and send what is due. `now` is a parameter throughout so tests drive the clock;
// two evaluators with different owners stand for two instances.
import { logger } from "../logger";
import { newOwner } from "../projector/worker";
import { openAlert, keepAlert, resolveAlert, unresolvedAlerts } from "../queries/alerts";
import { checkDatabase } from "../queries/health";
import { acquireNamedLease, releaseNamedLease } from "../queries/lease";
import { formatDuration } from "../format-duration";
import { afterRecovery, upState, whileDown } from "./database-down";
import { dispatchDue } from "./dispatch";
import { planLifecycle } from "./lifecycle";
import { measure } from "./measure";
import type { AlertRule } from "../domain/values";
import { evaluateRules, type Condition } from "./rules";
import { alertConfig, leaseMsFor, type AlertConfig } from "./settings";
import type { CounterSample } from "./window";

const ALERT_LEASE = "alerts";

export interface EvaluatorOptions {
  owner?: string;
  /** Default: from ALERT_EVALUATE_SECONDS. */
  leaseMs?: number;
  /** Default: SELECT 1 (tests stand in an unreachable database). */
  probe?: () => Promise<{ ok: boolean; error?: string }>;
  backoffBaseMs?: number;
  timeoutMs?: number;
  config?: () => AlertConfig;
}

export type CycleResult = "evaluated" | "standby" | "database_down";

const detailsOf = (c: Condition) => JSON.stringify({ counts: c.counts, sample: c.sample, path: c.path, locationName: c.locationName });

export function createEvaluator(options: EvaluatorOptions = {}) {
  const owner = options.owner ?? newOwner();
  const probe = options.probe ?? checkDatabase;
  const configOf = options.config ?? alertConfig;
  let holding = false;
  let samples: CounterSample[] = [];
  let databaseAlertOpen = false;
  const down = upState();

  async function evaluate(now: Date, cfg: AlertConfig): Promise<void> {
    const measured = await measure(samples, now);
    samples = measured.samples;
    const evaluated = new Set<AlertRule>([...measured.evaluated, ...cfg.thresholds.disabled, "database_unreachable"]);
    const conditions = evaluateRules(measured.measurements, cfg.thresholds);
    const open = await unresolvedAlerts();
    const plan = planLifecycle(open, conditions, evaluated, now, cfg.minOpenMs);
    const channels = cfg.channels.map((c) => c.fingerprint);
    for (const c of plan.open) await openAlert({ rule: c.rule, subject: c.subject, summary: c.summary, details: detailsOf(c) }, now, channels);
    for (const { alert, condition } of plan.keep) await keepAlert(alert.id, now, condition.summary, detailsOf(condition));
    for (const a of plan.resolve) {
      const message = `Recovered: the condition last held at ${a.lastTrueAt.toISOString()}; open for ${formatDuration(now.getTime() - a.openedAt.getTime())}`;
      await resolveAlert(a.id, now, channels, message);
    }
    databaseAlertOpen = open.some((a) => a.rule === "database_unreachable") && !plan.resolve.some((a) => a.rule === "database_unreachable");
    if (plan.open.length + plan.resolve.length > 0)
      logger.info({ opened: plan.open.map((c) => c.rule), resolved: plan.resolve.map((a) => a.rule) }, "alerts changed");
  }

  return {
    owner,
    /** One cycle at `now`. */
    async runOnce(now = new Date()): Promise<CycleResult> {
      const cfg = configOf();
      const dispatch = {
        channels: cfg.channels,
        dashboardUrl: cfg.dashboardUrl,
        maxAttempts: cfg.maxAttempts,
        backoffBaseMs: options.backoffBaseMs,
        timeoutMs: options.timeoutMs,
      };
      const reach = await probe();
      if (!reach.ok) {
        if (holding) await whileDown(down, now, reach.error ?? "unreachable", cfg.thresholds, databaseAlertOpen, dispatch);
        return "database_down";
      }
      holding = await acquireNamedLease(ALERT_LEASE, owner, options.leaseMs ?? leaseMsFor(cfg.evaluateMs), now);
      if (!holding) {
        samples = []; // another instance counts; a stale baseline would miscount after a takeover
        return "standby";
      }
      await afterRecovery(down, now);
      await evaluate(now, cfg);
      await dispatchDue(now, dispatch);
      return "evaluated";
    },
    /** Shutdown: give the lease up so another instance evaluates at once. */
    async release(): Promise<void> {
      if (holding) await releaseNamedLease(ALERT_LEASE, owner).catch(() => {});
      holding = false;
    },
    /** Test hook: the outage kept in memory. */
    downState: () => down,
  };
}

export type Evaluator = ReturnType<typeof createEvaluator>;
