import { z } from 'zod';
import { notificationsSchema } from './notifications-schema.js';
import { redisSchema } from './redis-schema.js';
import { glob, holidayPlace, tagPrefix } from './schema-checks.js';
import {
  accountId,
  clockTime,
  cron,
  duration,
  every,
  httpUrl,
  isClockTime,
  isoDate,
  percent,
  region,
  timeZone,
  weekday,
} from './values.js';

/**
 * The configuration model. Every object is strict: an unknown key is an error, because a typo
 * (`armd: true`, `maxPerRn: 1`) must never silently disable a guard.
 */

/**
 * A monkey's name as a schedule entry writes it. Which monkeys exist is the registry's to say (monkeys/index.ts):
 * config loading is handed the registry (`MonkeyCatalog`) and reports an unknown name at its line and column.
 */
export const monkeyName = z.string().regex(/^[a-z][a-z0-9-]*$/, {
  error: (issue) => `"${String(issue.input)}" is not a monkey name (lower-case letters, digits and -)`,
});
export type { MonkeyName } from '../plan/monkey-kind.js';

export const accountSchema = z.strictObject({
  id: accountId,
  alias: z.string().min(1).optional(),
  /** Role simian assumes in this account; absent means the ambient credentials. */
  roleArn: z
    .string()
    .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, {
      error: (issue) =>
        `"${String(issue.input)}" is not an IAM role ARN (expected arn:aws:iam::123456789012:role/name)`,
    })
    .optional(),
  regions: z.array(region).optional(),
});

export const calendarSchema = z
  .strictObject({
    timezone: timeZone.default('America/Los_Angeles'),
    days: z.array(weekday).min(1).default(['mon', 'tue', 'wed', 'thu', 'fri']),
    start: clockTime.default('09:00'),
    end: clockTime.default('15:00'),
    /** Public holidays of a country (ISO 3166 code, optional state/region) are not run days. */
    holidays: holidayPlace.optional(),
    /** Dates (YYYY-MM-DD) on which nothing runs; extra run days override weekday rules. */
    blackouts: z.array(isoDate).default([]),
    extraRunDays: z.array(isoDate).default([]),
  })
  // Only comparable once both are valid HH:MM (a bad time has its own message).
  .refine((calendar) => !isClockTime(calendar.start) || !isClockTime(calendar.end) || calendar.start < calendar.end, {
    error: (issue) => {
      const calendar = issue.input as { start: string; end: string };
      return `end (${calendar.end}) must be later than start (${calendar.start})`;
    },
    path: ['end'],
  });

export const capsSchema = z.strictObject({
  maxPerRun: z.number().int().nonnegative().optional(),
  maxPerGroup: z.number().int().nonnegative().optional(),
  maxPercentPerGroup: percent.optional(),
  /** Instances that must stay InService & Healthy in a group after the action. */
  minHealthy: z.number().int().nonnegative().optional(),
  maxPerDayPerGroup: z.number().int().nonnegative().optional(),
  /** Tracker: minimum time between two kills in one group. */
  minTimeBetweenKills: duration.optional(),
});
export type Caps = z.infer<typeof capsSchema>;

export const selectorSchema = z.strictObject({
  /** Group names or globs (`web-*`, `web-[ab]`). */
  names: z.array(glob.min(1)).optional(),
  /** Tags that must all match; a value may be a glob. */
  tags: z.record(z.string(), glob).optional(),
  accounts: z.array(accountId).optional(),
  regions: z.array(region).optional(),
});
export type Selector = z.infer<typeof selectorSchema>;

export const exclusionSchema = selectorSchema.extend({ reason: z.string().optional() });

export { notificationsSchema } from './notifications-schema.js';

export const globalConfigSchema = z.strictObject({
  /** The config side of "armed": real actions also need --no-dry-run (or a schedule's armed: true). */
  armed: z.boolean().default(false),
  accounts: z
    .array(accountSchema)
    .superRefine((accounts, ctx) => {
      // One account listed twice (with different roles or regions) would make "which role?" ambiguous.
      const firstIndex = new Map<string, number>();
      accounts.forEach((account, index) => {
        const first = firstIndex.get(account.id) ?? index;
        firstIndex.set(account.id, first);
        if (first < index) {
          ctx.addIssue({
            code: 'custom',
            path: [index, 'id'],
            message: `account "${account.id}" is already listed (accounts.${first})`,
          });
        }
      });
    })
    .default([]),
  regions: z.array(region).min(1).default(['us-east-1']),
  allowlist: z
    .strictObject({
      /** Accounts simian may act in; empty means only those listed under accounts. */
      accounts: z.array(accountId).default([]),
      regions: z.array(region).default([]),
      /** Account aliases matching any of these (substring, case-insensitive) are refused... */
      denyAliasPatterns: z.array(z.string()).default(['prod']),
      /** ...unless explicitly allowed here. */
      allowAliases: z.array(z.string()).default([]),
    })
    .prefault({}),
  calendar: calendarSchema.prefault({}),
  /**
   * Caps for every monkey. A key left out keeps the monkey's own default (core/safety/caps.ts DEFAULT_CAPS, or what
   * suits the monkey: a zone outage is not capped at one instance per group); a key written here holds for every
   * monkey, and a schedule entry's caps override it key by key.
   */
  caps: capsSchema.prefault({}),
  stopConditions: z
    .strictObject({
      alarms: z.array(z.strictObject({ name: z.string().min(1), region: region.optional() })).default([]),
    })
    .prefault({}),
  redis: redisSchema.prefault({}),
  events: z
    .strictObject({ retention: duration.prefault('30d'), maxLength: z.number().int().positive().default(100_000) })
    .prefault({}),
  notifications: notificationsSchema.prefault({}),
  http: z
    .strictObject({
      host: z.string().default('127.0.0.1'),
      port: z.number().int().min(0).max(65535).default(8080),
      /** Bearer token for every state-changing route (and for reads when readToken is required). */
      token: z.string().min(16).optional(),
      /** Whether read-only routes (status, metrics, events, the dashboard) need the token too. */
      readToken: z.enum(['public', 'required']).default('public'),
      /**
       * Host names (the Host header, without the port) the server answers besides localhost and the listen
       * address; any other is 421, so a page on a rebound DNS name cannot read or drive the API.
       */
      allowedHosts: z
        .array(
          z
            .string()
            .min(1)
            .regex(/^[A-Za-z0-9.:_-]+$/, { error: 'expected a host name or address without a port or scheme' }),
        )
        .default([]),
      /** Requests per client address and window on each state-changing route (429 past it). */
      rateLimit: z
        .strictObject({ max: z.number().int().positive().default(60), window: duration.prefault('1m') })
        .prefault({}),
    })
    .prefault({}),
  tags: z
    .strictObject({
      /** The owner tag key; ownerKeys are tried after it, in order (the first present one names the owner). */
      owner: z.string().default('owner'),
      ownerKeys: z.array(z.string().min(1)).default([]),
      prefix: tagPrefix.default('simian'),
    })
    .prefault({}),
  /** The always-on fleet (`simian scheduler`, `worker`, `up`): queue, retries, shutdown, daily chaos plan, pacing. */
  fleet: z
    .strictObject({
      queue: z
        .string()
        .regex(/^[A-Za-z0-9_-]+$/, { error: 'expected letters, digits, - or _ (no ":")' })
        .default('jobs'),
      concurrency: z.number().int().positive().default(2),
      /** How long a stopping worker lets running jobs finish before releasing them to another worker. */
      shutdownGrace: duration.prefault('30s'),
      /** A job whose worker stops renewing its lock for this long is handed to another worker. */
      lockDuration: duration.prefault('30s'),
      stalledInterval: duration.prefault('30s'),
      /** How often each worker applies the reverts overdue by more than this long, whatever became of their jobs. */
      revertSweep: duration.prefault('30s'),
      maxStalledCount: z.number().int().nonnegative().default(3),
      attempts: z.number().int().positive().default(3),
      backoff: duration.prefault('10s'),
      /** Local time (calendar time zone) at which each run day's chaos kills are planned. */
      dailyPlanAt: clockTime.default('08:00'),
      /** Shared token buckets per AWS action ("ec2:TerminateInstances"), over the built-in EC2 defaults. */
      pacing: z
        .record(z.string(), z.strictObject({ capacity: z.number().positive(), refillPerSecond: z.number().positive() }))
        .default({}),
    })
    .prefault({}),
  /**
   * Every AWS call's bounds: a connect and a per-attempt request timeout, and the attempts (standard retries, with
   * backoff). With the defaults a call that never answers fails within a minute, naming the call.
   */
  aws: z
    .strictObject({
      connectTimeout: duration.prefault('3s'),
      requestTimeout: duration.prefault('15s'),
      maxAttempts: z.number().int().min(1).max(10).default(3),
    })
    .prefault({}),
  endpointUrl: httpUrl.optional(),
});
export type GlobalConfig = z.infer<typeof globalConfigSchema>;

export const scheduleEntrySchema = z
  .strictObject({
    /** Stable id: the BullMQ job scheduler id. Letters, digits, - and _ only. */
    id: z.string().regex(/^[A-Za-z0-9_-]+$/, { error: 'expected letters, digits, - or _ (no ":")' }),
    monkey: monkeyName,
    enabled: z.boolean().default(true),
    cron: cron.optional(),
    /** At least 1m (see MIN_EVERY_MS). */
    every: every.optional(),
    timezone: timeZone.optional(),
    armed: z.boolean().default(false),
    /** The regions this entry runs in (default: every region of the config), e.g. one zone's region for Gorilla. */
    regions: z.array(region).min(1).optional(),
    select: z.array(selectorSchema).default([]),
    exclude: z.array(exclusionSchema).default([]),
    /** Dangerous: false lets YAML opt groups in without their simian tag. */
    requireTag: z.boolean().default(true),
    caps: capsSchema.optional(),
    /** Monkey parameters, validated by the monkey's own schema. */
    params: z.record(z.string(), z.unknown()).default({}),
  })
  .refine((entry) => !(entry.cron && entry.every), { error: 'give either cron or every, not both', path: ['every'] });
export type ScheduleEntry = z.infer<typeof scheduleEntrySchema>;

export const scheduleFileSchema = z.strictObject({ schedules: z.array(scheduleEntrySchema) });
