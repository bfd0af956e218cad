import { z } from 'zod';
import { globProblem } from '../../core/config/glob.js';
import { RULE_IDS } from './rules/index.js';
import { JANITOR_TYPES } from './world.js';

const days = z.number().int().min(0);
const glob = z
  .string()
  .min(1)
  .refine((text) => !globProblem(text), { error: (issue) => globProblem(String(issue.input)) });

/** Resources a rule (or the whole run) leaves alone: by id or name glob, or by tag values. */
export const janitorExclusion = z.strictObject({
  /** Id or name globs (`vol-0abc*`, `golden-*`). */
  names: z.array(glob).default([]).describe('Id or name globs (vol-0abc*, golden-*)'),
  /** Tag key → value glob; a resource matching every pair is excluded. */
  tags: z
    .record(z.string().min(1), glob)
    .default({})
    .describe('Tag key → value glob; a resource matching every pair is excluded'),
});
export type JanitorExclusion = z.infer<typeof janitorExclusion>;

export const janitorRuleSettings = z.strictObject({
  /** Absent: the rule's default (every rule is on but orphaned-instance). */
  enabled: z
    .boolean()
    .optional()
    .describe('Turns the rule on or off (default: every rule is on but orphaned-instance)'),
  /** N: how many days unused before a resource becomes a candidate (each rule has its own default). */
  days: days
    .optional()
    .describe('N: how many days unused before a resource becomes a candidate (each rule has its own default)'),
  exclude: z.array(janitorExclusion).default([]).describe('Resources this rule leaves alone'),
});

/** A rule id as written in YAML; an unknown one names the valid ones. */
const ruleId = z.string().refine((id) => RULE_IDS.includes(id), {
  error: (issue) => `unknown janitor rule "${String(issue.input)}" (valid rules: ${RULE_IDS.join(', ')})`,
});

export const janitorParams = z.strictObject({
  /** Only these resource types (`--type volume,snapshot`); default every type. */
  types: z
    .array(
      z.enum(JANITOR_TYPES, {
        error: (issue) => `unknown type "${String(issue.input)}" (valid types: ${JANITOR_TYPES.join(', ')})`,
      }),
    )
    .min(1, { error: `types names no type (valid types: ${JANITOR_TYPES.join(', ')})` })
    .optional()
    .describe(`Only these resource types (--type volume,snapshot): ${JANITOR_TYPES.join(', ')} (default every type)`),
  /** Per rule: enabled, N days, exclusions. Rules left out run with their defaults. */
  rules: z
    .record(ruleId, janitorRuleSettings)
    .default({})
    .describe(`Per rule (${RULE_IDS.join(', ')}): enabled, N days, exclusions; rules left out run with their defaults`),
  /** Business days between the mark and the earliest deletion (the calendar's holidays are skipped). */
  retentionDays: days
    .default(3)
    .describe("Business days between the mark and the earliest deletion, the calendar's holidays skipped (default 3)"),
  /** The same for a resource with no owner (its fallback recipient may need longer to find who it belongs to). */
  unownedRetentionDays: days
    .default(10)
    .describe('The same for a resource with no owner, whose fallback recipient may need longer (default 10)'),
  /** Business days that must pass between the owner's notice and the deletion; a late notice moves the date out. */
  noticeDays: days
    .default(2)
    .describe(
      "Business days between the owner's notice and the deletion; a late notice moves the date out (default 2)",
    ),
  /** Who hears of resources that name no owner (else notifications.ownerFallback, else "unowned"). */
  fallbackOwner: z
    .string()
    .min(1)
    .optional()
    .describe('Who hears of resources that name no owner (default notifications.ownerFallback, else "unowned")'),
  /** Never touched, whatever the rules say: id or name globs. */
  allowlist: z.array(glob).default([]).describe('Never touched, whatever the rules say: id or name globs'),
  exclude: z
    .array(janitorExclusion)
    .default([])
    .describe('Resources every rule leaves alone, by id or name glob, or by tag values'),
  /** Deletion caps: per run, per type, and percent of the type's resources (all three hold). */
  maxDeletionsPerRun: z.number().int().min(0).default(20).describe('Deletion cap per run (default 20)'),
  maxDeletionsPerType: z.number().int().min(0).default(10).describe('Deletion cap per resource type (default 10)'),
  maxPercentPerType: z
    .number()
    .min(0)
    .max(100)
    .default(25)
    .describe("Deletion cap in percent of the type's resources, 0 to 100 (default 25)"),
  /** Snapshot a volume before deleting it; the snapshot is kept `backupRetentionDays` days, then cleaned too. */
  snapshotBeforeDelete: z
    .boolean()
    .default(true)
    .describe('Snapshot a volume before deleting it; the snapshot is kept backupRetentionDays days (default true)'),
  backupRetentionDays: days
    .default(30)
    .describe("Days a volume's backup snapshot is kept, then cleaned too (default 30)"),
  /** `--report`: plan nothing; every marked (and reportable) resource as a finding. */
  report: z
    .boolean()
    .default(false)
    .describe('--report: plan nothing; every marked (and reportable) resource as a finding (default false)'),
  /**
   * Set by the run itself after the owners' digests went out: resource id → when its owner was told. The plan then
   * only records these notices (and unmarks what became valid).
   */
  notified: z
    .record(z.string(), z.iso.datetime())
    .optional()
    .describe('Set by the run itself, never in YAML: resource id → when its owner was told (ISO 8601)'),
});
export type JanitorParams = z.infer<typeof janitorParams>;
