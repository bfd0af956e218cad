import type { MonkeyName, ScheduleEntry } from '../config/schema.js';

/** The YAML side of opt-in: a schedule entry's selectors, and where they were written (for reasons). */
export interface OptInRules {
  readonly select: ScheduleEntry['select'];
  readonly exclude: ScheduleEntry['exclude'];
  readonly requireTag: boolean;
  /** "schedules/chaos.yaml" — used in reasons ("excluded by rule 2 in schedules/chaos.yaml:12"). */
  readonly file?: string;
  /** Line of each exclude rule, same index as `exclude`. */
  readonly excludeLines?: readonly number[];
}

/** Whether one group takes part in one monkey, and why, in words a person reads. */
export interface OptInDecision {
  readonly group: string;
  readonly monkey: MonkeyName;
  readonly eligible: boolean;
  /** "opted in by tag simian:all=enabled", "opted out by simian:chaos=disabled", "excluded by rule ..." */
  readonly reason: string;
}
