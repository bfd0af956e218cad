import type { ResourceRecord } from '../../../core/aws/resources/types.js';
import { dateTag } from '../tags.js';
import type { UseIndex } from '../uses.js';
import { usesOf } from '../uses.js';
import type { JanitorType, World } from '../world.js';

/** What a rule judges a resource with: the use index and the world it was built from, the time, its threshold. */
export interface RuleContext {
  readonly index: UseIndex;
  readonly world: World;
  readonly now: Date;
  /** The rule's N days (the schedule entry's, else its default). */
  readonly days: number;
}

/**
 * One Janitor rule: which type it cleans, why a resource of it is unused now, and since when. Rules are pure: the
 * plan asks them of the snapshot, the delete effects ask them again of a fresh read right before deleting.
 */
export interface JanitorRule<Raw = unknown> {
  readonly id: string;
  readonly type: JanitorType;
  readonly description: string;
  readonly defaultDays: number;
  /** Off unless a schedule entry enables it (`enabled: true`); default on. */
  readonly defaultEnabled?: boolean;
  /** Why the resource counts as unused now (null: in use, or it conforms). */
  unused(record: ResourceRecord<Raw>, ctx: RuleContext): string | null;
  /**
   * Since when it has been unused: its creation (age rules), or for states AWS does not date (detached, empty,
   * idle) the first run that saw it so, kept in the tag named here.
   */
  readonly since:
    | { readonly tag: string }
    | { created(raw: Raw): Date | undefined }
    /** Activity AWS dates but the listing does not show (a log group's latest event, read beside it). */
    | { active(record: ResourceRecord<Raw>, world: World): Date | undefined };
  /** Types AWS cannot tag (launch configurations) cannot carry a lifecycle: the rule only reports. */
  readonly reportOnly?: boolean;
}

export type AnyRule = JanitorRule<never>;

/** A rule's verdict on one resource now. */
export interface Evaluation {
  /** Unused now (whatever its age): the seen-at clock runs. */
  readonly unused: string | null;
  /** Unused for at least N days: the rule is violated, the resource is a candidate. */
  readonly violation: string | null;
}

const DAY_MS = 86_400_000;

/** The unused reason when nothing uses the resource, else null ("used by …" is the in-use check). */
export function nothingUses(ctx: RuleContext, id: string): string | null {
  const uses = usesOf(ctx.index, id);
  return uses.length === 0 ? null : `used by ${uses.join(', ')}`;
}

export function evaluate(rule: AnyRule, record: ResourceRecord, ctx: RuleContext): Evaluation {
  const unused = (rule as JanitorRule).unused(record, ctx);
  if (!unused) return { unused: null, violation: null };
  const since =
    'tag' in rule.since
      ? dateTag(record.tags, rule.since.tag)
      : 'created' in rule.since
        ? rule.since.created(record.raw as never)
        : rule.since.active(record as never, ctx.world);
  if (!since) return { unused, violation: null };
  const days = Math.floor((ctx.now.getTime() - since.getTime()) / DAY_MS);
  if (days < ctx.days) return { unused, violation: null };
  return { unused, violation: `${unused}, for ${days} day(s) (rule: more than ${ctx.days})` };
}

/** A Date from an SDK date field (Date or ISO string), undefined when absent. */
export function dateOf(value: Date | string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
