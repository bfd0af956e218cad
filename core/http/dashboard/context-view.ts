import { allMonkeys } from '../../../monkeys/index.js';
import type { MonkeyKind } from '../../plan/monkey-kind.js';
import type { DashboardContext } from './deps.js';

/** `GET /api/v1/dashboard/context`: what the page needs before any view: whose clock, and which monkeys can act. */
export interface ContextView {
  /** The calendar's time zone: every time on the page is shown in it. */
  readonly timezone: string;
  /** Each monkey's kind; a `report` monkey never acts, so its runs are neither armed nor dry runs. */
  readonly kinds: Readonly<Record<string, MonkeyKind>>;
}

export function contextView(context: DashboardContext): ContextView {
  return {
    timezone: context.config().global.calendar.timezone,
    kinds: Object.fromEntries(allMonkeys().map((monkey) => [monkey.name, monkey.kind])),
  };
}
