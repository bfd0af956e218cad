import type { Clock } from '../clock.js';
import { windowDecision } from './calendar.js';
import { ALLOW, type RunGuard, refusal } from './guard.js';

export interface CalendarGuardOptions {
  /**
   * Manual dry runs (no schedule entry, not armed) are usually a person's game-day rehearsal outside the chaos
   * window: by default the calendar only reports on them. Scheduled and armed runs are always held to it.
   */
  readonly enforceOnManualDryRuns?: boolean;
}

/** Refuses a run outside the chaos window (run days, hours, holidays, blackouts). */
export function calendarGuard(clock: Clock, options: CalendarGuardOptions = {}): RunGuard {
  return {
    name: 'calendar',
    async check(run) {
      const decision = windowDecision(clock.now(), run.config.calendar);
      if (decision.runDay) return ALLOW;
      const manualDryRun = run.dryRun && !run.entry;
      if (manualDryRun && !options.enforceOnManualDryRuns) {
        return {
          allow: true,
          note: `outside the chaos window (${decision.reason}); reported only for a manual dry run`,
        };
      }
      return refusal('calendar', `outside the chaos window: ${decision.reason}`);
    },
  };
}
