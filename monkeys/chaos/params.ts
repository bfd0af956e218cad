import { z } from 'zod';
import {
  DEFAULT_CORRUPTION_PERCENT,
  DEFAULT_KILLED_PROCESSES,
  DEFAULT_LOSS_PERCENT,
  HOST_FAULTS,
  PROCESS_NAME,
} from '../../core/actuator/effects/host-fault-scripts.js';
import { faultDuration } from '../shared/fault-duration.js';
import { DEFAULT_MAX_PER_DAY, DEFAULT_MEAN_TIME_BETWEEN_KILLS_DAYS, DEFAULT_RUNS_PER_DAY } from './kill-rate.js';

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

/** How a field's description ends: the entry's own default, or (in a `groups:` entry) the entry's value. */
type Unset = (entryDefault: string | number) => string;
const ENTRY_DEFAULT: Unset = (value) => `default ${value}`;
const ENTRYS_VALUE = "default: the entry's";
const AS_THE_ENTRY: Unset = () => ENTRYS_VALUE;

/** The kill-rate fields: chaosmonkey v2's mean time between kills, or SimianArmy's probability and cap. */
const killRateFields = (unset: Unset) => ({
  /** chaosmonkey v2: each run day a group gets a kill with probability 1/meanTimeBetweenKillsDays. */
  meanTimeBetweenKillsDays: z
    .number()
    .positive()
    .optional()
    .describe(
      `chaosmonkey v2's model: each run day a group gets a kill with probability 1/meanTimeBetweenKillsDays, in days (${unset(DEFAULT_MEAN_TIME_BETWEEN_KILLS_DAYS)}; not with probability/maxPerDay)`,
    ),
  /** SimianArmy: expected kills per day, spread over runsPerDay runs (p = probability / runsPerDay per run). */
  probability: z
    .number()
    .nonnegative()
    .optional()
    .describe(
      "SimianArmy's model: expected kills per day, spread over runsPerDay runs (p = probability / runsPerDay per run)",
    ),
  /** SimianArmy cap; below 1 it means one kill per ceil(1/maxPerDay) days at most. */
  maxPerDay: z
    .number()
    .positive()
    .optional()
    .describe(
      `SimianArmy's cap of kills a day (${unset(DEFAULT_MAX_PER_DAY)}); below 1 it means one kill per ceil(1/maxPerDay) days at most`,
    ),
  /** How many runs the probability is spread over in one day (SimianArmy ran hourly, 6 runs a day). */
  runsPerDay: z
    .number()
    .int()
    .min(1)
    .max(1440)
    .optional()
    .describe(`How many runs the probability is spread over in one day, 1 to 1440 (${unset(DEFAULT_RUNS_PER_DAY)})`),
});

const FAULT_TEXT = `What to do to the chosen instance: ${CHAOS_FAULTS.join(', ')}`;
const DURATION_TEXT = 'How long a stop, block-network, detach-volumes or host fault lasts before its revert, 1m to 12h';
const LOSS_TEXT = 'network-loss: percent of packets dropped, above 0 to 100';
const CORRUPTION_TEXT = 'network-corruption: percent of packets corrupted, above 0 to 100';
const PROCESSES_TEXT = 'kill-processes: the process names killed again every second (letters, digits, . _ -)';

/** Everything that may differ per group (YAML `groups:` entries and group tags). */
const perGroupFields = {
  fault: chaosFault.optional().describe(`${FAULT_TEXT} (${ENTRYS_VALUE})`),
  duration: faultDuration(TEN_MINUTES).optional().describe(`${DURATION_TEXT} (${ENTRYS_VALUE})`),
  ...killRateFields(AS_THE_ENTRY),
  lossPercent: percentOfPackets('lossPercent').optional().describe(`${LOSS_TEXT} (${ENTRYS_VALUE})`),
  corruptionPercent: percentOfPackets('corruptionPercent').optional().describe(`${CORRUPTION_TEXT} (${ENTRYS_VALUE})`),
  /** kill-processes: the process names killed again every second. */
  processes: z
    .array(z.string().regex(PROCESS_NAME, { error: 'a process name has only letters, digits, . _ -' }))
    .min(1)
    .optional()
    .describe(`${PROCESSES_TEXT} (${ENTRYS_VALUE})`),
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
    group: z
      .string()
      .min(1)
      .optional()
      .describe('Aim at one group (its name, or the app/stack/cluster name when grouping by those)'),
    ...perGroupFields,
    ...killRateFields(ENTRY_DEFAULT),
    fault: chaosFault.default('terminate').describe(`${FAULT_TEXT} (default terminate)`),
    duration: faultDuration(TEN_MINUTES).describe(`${DURATION_TEXT} (default 10m)`),
    lossPercent: percentOfPackets('lossPercent')
      .default(DEFAULT_LOSS_PERCENT)
      .describe(`${LOSS_TEXT} (default ${DEFAULT_LOSS_PERCENT})`),
    corruptionPercent: percentOfPackets('corruptionPercent')
      .default(DEFAULT_CORRUPTION_PERCENT)
      .describe(`${CORRUPTION_TEXT} (default ${DEFAULT_CORRUPTION_PERCENT})`),
    processes: perGroupFields.processes
      .unwrap()
      .default([...DEFAULT_KILLED_PROCESSES])
      .describe(`${PROCESSES_TEXT} (default ${DEFAULT_KILLED_PROCESSES.join(', ')})`),
    /** How instances form one target: each ASG, or all ASGs of one app / stack / cluster. */
    grouping: grouping
      .default('asg')
      .describe(
        `What one group is: each ASG, or all ASGs of one app, stack or cluster (${GROUPINGS.join(', ')}; default asg)`,
      ),
    /** Per-group settings by group name or glob (`web-*`); the first matching entry applies. */
    groups: z
      .record(z.string().min(1), chaosGroupOverride)
      .default({})
      .describe('Per-group settings by group name or glob (web-*); the first matching entry applies'),
  })
  .refine(oneKillRateModel, oneKillRateModelError);
export type ChaosParams = z.infer<typeof chaosParams>;
