import { z } from 'zod';
import { duration } from '../../core/config/basic-values.js';
import { SEVERITIES } from '../../core/config/notifications-schema.js';

/** What Doctor does to an instance a rule finds sick, mildest first. */
export const REMEDIES = ['notify', 'reboot', 'replace', 'quarantine'] as const;
export type Remedy = (typeof REMEDIES)[number];

export const COMPARISONS = ['>', '>=', '<', '<='] as const;
export type Comparison = (typeof COMPARISONS)[number];

export const STATISTICS = ['Average', 'Maximum', 'Minimum', 'Sum', 'SampleCount'] as const;

const MINUTE = 60_000;

const ruleBase = {
  /** Names the rule in reasons, tags and incident keys. */
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, { error: 'a rule id has lowercase letters, digits and dashes' })
    .describe('Names the rule in reasons, tags and incident keys (lowercase letters, digits, dashes)'),
  remedy: z
    .enum(REMEDIES, {
      error: (issue) => `remedy "${String(issue.input)}" is unknown (expected one of ${REMEDIES.join(', ')})`,
    })
    .describe(`What is done to an instance the rule finds sick, mildest first: ${REMEDIES.join(', ')}`),
  /** The severity of the owner's notification. */
  severity: z
    .enum(SEVERITIES)
    .default('warning')
    .describe(`The severity of the owner's notification: ${SEVERITIES.join(', ')} (default warning)`),
};

/** A rule: an EC2 status check impaired, the group's health check Unhealthy, or a CloudWatch metric over a window. */
export const doctorRule = z.discriminatedUnion(
  'source',
  [
    z.strictObject({
      ...ruleBase,
      source: z.literal('ec2-status').describe("ec2-status: the instance's EC2 status check is impaired"),
    }),
    z.strictObject({
      ...ruleBase,
      source: z.literal('asg-health').describe("asg-health: the group's health check says Unhealthy"),
    }),
    z
      .strictObject({
        ...ruleBase,
        source: z.literal('metric').describe('metric: a CloudWatch metric of the instance breaches over a window'),
        metric: z.string().min(1).describe('The CloudWatch metric name (CPUUtilization)'),
        namespace: z.string().min(1).default('AWS/EC2').describe('The metric namespace (default AWS/EC2)'),
        statistic: z
          .enum(STATISTICS)
          .default('Average')
          .describe(`The statistic compared: ${STATISTICS.join(', ')} (default Average)`),
        comparison: z
          .enum(COMPARISONS, {
            error: (issue) =>
              `comparison "${String(issue.input)}" is unknown (expected one of ${COMPARISONS.join(' ')})`,
          })
          .describe(`How the statistic is compared with the threshold: ${COMPARISONS.join(' ')}`),
        threshold: z.number().describe("The value the statistic is compared with, in the metric's unit"),
        /** How long every datapoint must breach. */
        for: duration
          .refine((ms) => ms >= MINUTE && ms <= 24 * 60 * MINUTE, {
            error: 'for must be between 1m and 24h',
          })
          .describe('How long every datapoint must breach, 1m to 24h ("15m")'),
        /** The datapoint period (default: 5m, or `for` when shorter). */
        period: duration
          .refine((ms) => ms >= MINUTE && ms % MINUTE === 0, { error: 'period must be whole minutes, at least 1m' })
          .optional()
          .describe('The datapoint period, whole minutes, not longer than for (default 5m, or for when shorter)'),
      })
      .refine((rule) => rule.period === undefined || rule.period <= rule.for, {
        error: 'period must not be longer than for',
        path: ['period'],
      }),
  ],
  {
    error: (issue) =>
      issue.code === 'invalid_union' ? 'source must be one of ec2-status, asg-health, metric' : undefined,
  },
);
export type DoctorRule = z.infer<typeof doctorRule>;
export type MetricRule = Extract<DoctorRule, { source: 'metric' }>;

/** Netflix's Doctor Monkey, as rules: failed checks replace, a hot CPU is told to its owner. */
export const DEFAULT_RULES: DoctorRule[] = [
  { id: 'status-impaired', source: 'ec2-status', remedy: 'replace', severity: 'warning' },
  { id: 'asg-unhealthy', source: 'asg-health', remedy: 'notify', severity: 'warning' },
  {
    id: 'status-check-failed',
    source: 'metric',
    metric: 'StatusCheckFailed',
    namespace: 'AWS/EC2',
    statistic: 'Maximum',
    comparison: '>=',
    threshold: 1,
    for: 5 * MINUTE,
    remedy: 'replace',
    severity: 'warning',
  },
  {
    id: 'cpu-hot',
    source: 'metric',
    metric: 'CPUUtilization',
    namespace: 'AWS/EC2',
    statistic: 'Average',
    comparison: '>',
    threshold: 95,
    for: 15 * MINUTE,
    remedy: 'notify',
    severity: 'info',
  },
];

export const doctorParams = z.strictObject({
  /** Aim at one Auto Scaling group. */
  group: z.string().min(1).optional().describe('Aim at one Auto Scaling group'),
  /** Read top to bottom: the first rule that finds an instance sick decides its remedy. */
  rules: z
    .array(doctorRule)
    .min(1)
    .refine((rules) => new Set(rules.map((rule) => rule.id)).size === rules.length, {
      error: 'rule ids must be unique',
    })
    .default(DEFAULT_RULES)
    .describe(
      `Read top to bottom: the first rule that finds an instance sick decides its remedy (default ${DEFAULT_RULES.map((rule) => rule.id).join(', ')})`,
    ),
  /** An instance remedied (rebooted, replaced, quarantined) is left alone this long. */
  cooldown: duration
    .default(60 * MINUTE)
    .describe('An instance remedied (rebooted, replaced, quarantined) is left alone this long (default 1h)'),
  /** A quarantined instance is kept this long for investigation, then terminated. */
  quarantineGrace: duration
    .default(24 * 60 * MINUTE)
    .describe('A quarantined instance is kept this long for investigation, then terminated (default 24h)'),
  /** At most this many instances of a group under remedy at once (already Unhealthy, rebooting, quarantined). */
  maxAtOnce: z
    .number()
    .int()
    .min(1, { error: 'maxAtOnce must be at least 1' })
    .default(1)
    .describe(
      'At most this many instances of a group under remedy at once, counting those already Unhealthy, rebooting or quarantined (default 1)',
    ),
  /** ... and at most this percent of the group's desired capacity (rounded down, at least one). */
  maxPercentAtOnce: z
    .number()
    .gt(0)
    .max(100)
    .default(34)
    .describe("... and at most this percent of the group's desired capacity, rounded down, at least one (default 34)"),
  /** The tag holding an instance's (or its group's) owner, for notifications. */
  ownerTag: z
    .string()
    .min(1)
    .default('owner')
    .describe("The tag holding an instance's (or its group's) owner, for notifications (default owner)"),
});
export type DoctorParams = z.infer<typeof doctorParams>;

/** The default period of a metric rule: 5 minutes, or the whole window when shorter. */
export function periodOf(rule: MetricRule): number {
  return rule.period ?? Math.min(5 * MINUTE, rule.for);
}
