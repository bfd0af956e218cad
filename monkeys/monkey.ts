import type { z } from 'zod';
import type { MonkeyName } from '../core/config/schema.js';
import type { Group, Snapshot } from '../core/fleet/model.js';
import type { OptInDecision } from '../core/fleet/opt-in-types.js';
import type { Plan } from '../core/plan/action.js';

/** What a monkey's plan function reads. It is pure: no AWS calls, no Redis, no clock of its own. */
export interface PlanInput<P> {
  readonly snapshot: Snapshot;
  readonly params: P;
  /** The opt-in decision for a group and this monkey (tags + YAML rules), with its reason. */
  readonly optIn: (group: Group) => OptInDecision;
  /** Uniform in [0, 1); seeded in tests. */
  readonly random: () => number;
  readonly now: Date;
}

/** A monkey: a name, its parameter schema, and a plan function. It never calls a mutating API. */
export interface Monkey<P = unknown> {
  readonly name: MonkeyName;
  readonly description: string;
  /** Destructive monkeys need each group's opt-in tag (unless a rule sets requireTag: false). */
  readonly destructive: boolean;
  readonly params: z.ZodType<P>;
  plan(input: PlanInput<P>): Plan;
}
