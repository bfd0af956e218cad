import type { Logger } from 'pino';
import { type EventOrigin, runEvent } from '../events/action-event.js';
import { EVENT_TYPES, type EventSink } from '../events/event.js';
import { recordSafely } from '../events/record-safely.js';
import type { Plan, RunReport } from '../plan/action.js';
import type { GuardName } from './guard-name.js';

/** Which guard refused a run, and why, as the report and the timeline carry it. */
export interface Refusal {
  readonly guard: GuardName;
  readonly reason: string;
}

/** Where a run's refusal is told: its timeline, its log (for a timeline that cannot take it) and who ran. */
export interface RefusalSink {
  readonly events: EventSink;
  readonly logger: Logger;
  readonly origin: EventOrigin;
}

/**
 * The one way a run is refused, wherever in the chain it is: the refusal onto the report, and one `Refused` event
 * naming the guard and its reason; the report is returned (exit 3). The event is recorded safely: when the timeline
 * cannot take it (Redis down, the very reason of a `redis` refusal, on a fleet whose timeline is Redis), its loss is
 * logged and the report still says it. `actionsDone` is told when the actuator had started.
 */
export async function refuse(
  report: RunReport,
  refused: Refusal,
  to: RefusalSink,
  progress: { readonly actionsDone?: number } = {},
): Promise<RunReport> {
  report.refused = { guard: refused.guard, reason: refused.reason };
  const desc = `${to.origin.monkey} run refused by ${refused.guard}: ${refused.reason}`;
  await recordSafely(to.events, to.logger, {
    ...runEvent(EVENT_TYPES.refused, to.origin, desc),
    guard: refused.guard,
    reason: refused.reason,
    ...progress,
  });
  return report;
}

/** The report of a run refused before the actuator: nothing acted on, what the plan spared still said. */
export function unactedReport(plan: Plan, dryRun: boolean): RunReport {
  return {
    ...(plan.findings ? { findings: [] } : {}),
    monkey: plan.monkey,
    dryRun,
    target: { ...plan.target },
    actions: [],
    skipped: [...plan.skipped],
    summary: { planned: 0, done: 0, failed: 0, skipped: plan.skipped.length },
  };
}
