/**
 * What a monkey does with its plan. The kind picks the guards a run gets, its default caps and its exit codes:
 * - `fault` acts on opted-in groups (reversible or not): every guard, the calendar included;
 * - `janitor` deletes unused resources through a mark → notify → delete lifecycle: every guard;
 * - `report` never acts and produces findings: account and region guards only, no calendar, no Redis needed.
 */
export const MONKEY_KINDS = ['fault', 'janitor', 'report'] as const;
export type MonkeyKind = (typeof MONKEY_KINDS)[number];

/**
 * A monkey's name, as written in schedules and in tags (`simian:<name>`). Which names exist is known only to the
 * registry (monkeys/index.ts): core names no monkey.
 */
export type MonkeyName = string;

/** What core needs to know of a monkey to decide opt-in: its name and its kind. */
export interface MonkeyIdentity {
  readonly name: MonkeyName;
  readonly kind: MonkeyKind;
}

/** Kinds that change AWS: a group takes part only with its opt-in tag (unless a rule sets requireTag: false). */
export function actsOnGroups(kind: MonkeyKind): boolean {
  return kind === 'fault';
}
