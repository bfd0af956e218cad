import { z } from 'zod';
import {
  DEFAULT_CORRUPTION_PERCENT,
  DEFAULT_KILLED_PROCESSES,
  DEFAULT_LOSS_PERCENT,
  HOST_FAULTS,
  PROCESS_NAME,
} from '../../core/actuator/effects/host-fault-scripts.js';
import { faultDuration } from '../shared/fault-duration.js';

/** Every fault Chaos can inject into one instance. */
export const CHAOS_FAULTS = ['terminate', 'stop', 'reboot', 'block-network', 'detach-volumes', ...HOST_FAULTS] as const;
export type ChaosFault = (typeof CHAOS_FAULTS)[number];

export const GROUPINGS = ['asg', 'app', 'stack', 'cluster'] as const;

/** What one target is: each ASG, or all ASGs of one app / stack / cluster (Chaos and Circus). */
export const grouping = z.enum(GROUPINGS, {
  error: (issue) => `grouping "${String(issue.input)}" is unknown (expected one of ${GROUPINGS.join(', ')})`,
});

const TEN_MINUTES = 10 * 60_000;

export const chaosFault = z.enum(CHAOS_FAULTS, {
  error: (issue) => `fault "${String(issue.input)}" is unknown (expected one of ${CHAOS_FAULTS.join(', ')})`,
});

const percentOfPackets = (name: string) =>
  z
    .number()
    .gt(0, { error: `${name} must be above 0` })
    .max(100, { error: `${name} must be at most 100` });

/** The kill-rate fields: chaosmonkey v2's mean time between kills, or SimianArmy's probability and cap. */
const killRateFields = {
  /** chaosmonkey v2: each run day a group gets a kill with probability 1/meanTimeBetweenKillsDays. */
  meanTimeBetweenKillsDays: z.number().positive().optional(),
  /** SimianArmy: expected kills per day, spread over runsPerDay runs (p = probability / runsPerDay per run). */
  probability: z.number().nonnegative().optional(),
  /** SimianArmy cap; below 1 it means one kill per ceil(1/maxPerDay) days at most. */
  maxPerDay: z.number().positive().optional(),
  /** How many runs the probability is spread over in one day (SimianArmy ran hourly, 6 runs a day). */
  runsPerDay: z.number().int().min(1).max(1440).optional(),
};

/** Everything that may differ per group (YAML `groups:` entries and group tags). */
const perGroupFields = {
  fault: chaosFault.optional(),
  duration: faultDuration(TEN_MINUTES).optional(),
  ...killRateFields,
  lossPercent: percentOfPackets('lossPercent').optional(),
  corruptionPercent: percentOfPackets('corruptionPercent').optional(),
  /** kill-processes: the process names killed again every second. */
  processes: z
    .array(z.string().regex(PROCESS_NAME, { error: 'a process name has only letters, digits, . _ -' }))
    .min(1)
    .optional(),
};

const oneKillRateModel = (value: { meanTimeBetweenKillsDays?: number; probability?: number; maxPerDay?: number }) =>
  !(value.meanTimeBetweenKillsDays !== undefined && (value.probability !== undefined || value.maxPerDay !== undefined));
const oneKillRateModelError = {
  error: 'give either meanTimeBetweenKillsDays or probability/maxPerDay, not both',
  path: ['meanTimeBetweenKillsDays'],
};

export const chaosGroupOverride = z.strictObject(perGroupFields).refine(oneKillRateModel, oneKillRateModelError);
export type ChaosGroupOverride = z.infer<typeof chaosGroupOverride>;

export const chaosParams = z
  .strictObject({
    /** Aim at one group (its name, or the app/stack/cluster name when grouping by those). */
    group: z.string().min(1).optional(),
    ...perGroupFields,
    fault: chaosFault.default('terminate'),
    duration: faultDuration(TEN_MINUTES),
    lossPercent: percentOfPackets('lossPercent').default(DEFAULT_LOSS_PERCENT),
    corruptionPercent: percentOfPackets('corruptionPercent').default(DEFAULT_CORRUPTION_PERCENT),
    processes: perGroupFields.processes.unwrap().default([...DEFAULT_KILLED_PROCESSES]),
    /** How instances form one target: each ASG, or all ASGs of one app / stack / cluster. */
    grouping: grouping.default('asg'),
    /** Per-group settings by group name or glob (`web-*`); the first matching entry applies. */
    groups: z.record(z.string().min(1), chaosGroupOverride).default({}),
  })
  .refine(oneKillRateModel, oneKillRateModelError);
export type ChaosParams = z.infer<typeof chaosParams>;
