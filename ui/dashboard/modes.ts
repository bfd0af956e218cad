import type { SimianEvent } from '../../core/events/event.js';
import type { MonkeyKind } from '../../core/plan/monkey-kind.js';

/**
 * Each monkey's kind, set once by the app before any view renders. Dry run and armed describe runs that can act:
 * a report monkey never acts, and fleet-wide events (kill switch, alerts, jobs) and findings are not runs.
 */
let kinds: Readonly<Record<string, MonkeyKind>> = {};

export function knowKinds(known: Readonly<Record<string, MonkeyKind>>): void {
  kinds = known;
}

/** Whether `monkey` can change anything: the only ones whose runs are armed or dry runs. */
export function canAct(monkey: string | null | undefined): boolean {
  return Boolean(monkey) && kinds[monkey as string] !== 'report';
}

const RUN_EVENTS = new Set(['Plan', 'Skip', 'Action', 'Failure', 'Refused', 'RevertRegistered', 'Revert']);

/** Whether the event says something done (or not done) by a run that can act: only then is it armed or a dry run. */
export function showsMode(event: Pick<SimianEvent, 'type' | 'monkey'>): boolean {
  return RUN_EVENTS.has(event.type) && canAct(event.monkey);
}
