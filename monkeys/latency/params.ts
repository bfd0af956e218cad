import { z } from 'zod';
import { INTERFACE_NAME } from '../../core/actuator/effects/host-fault-scripts.js';
import { LATENCY_LIMITS } from '../../core/actuator/effects/latency-script.js';
import { IPV4_CIDR } from '../../core/actuator/effects/netem.js';
import { duration } from '../../core/config/basic-values.js';
import { formatDuration } from '../../core/config/duration.js';
import { faultDuration } from '../shared/fault-duration.js';

const TEN_MINUTES = 10 * 60_000;

/** A netem time: whole milliseconds, at most the 10 s beyond which a delay is an outage. */
function netemTime(name: string, min: number, defaultMs: number) {
  return duration
    .default(defaultMs)
    .refine((ms) => Number.isInteger(ms), { error: `${name} must be whole milliseconds` })
    .refine((ms) => ms >= min && ms <= LATENCY_LIMITS.maxDelayMs, {
      error: (issue) =>
        `${name} ${formatDuration(Number(issue.input))} is out of range (expected ${formatDuration(min)} to ${formatDuration(LATENCY_LIMITS.maxDelayMs)})`,
    });
}

const cidr = z.string().regex(IPV4_CIDR, {
  error: (issue) => `"${String(issue.input)}" is not an IPv4 CIDR (expected e.g. 10.0.0.0/8 or 192.0.2.7)`,
});
const port = z
  .number({ error: (issue) => `port "${String(issue.input)}" is not a number` })
  .int({ error: 'a port is a whole number' })
  .min(1, { error: 'a port is in 1..65535' })
  .max(65_535, { error: 'a port is in 1..65535' });

export const latencyParams = z
  .strictObject({
    /** Aim at one Auto Scaling group. */
    group: z.string().min(1).optional().describe('Aim at one Auto Scaling group'),
    /** Added to every delayed packet: "200ms", or milliseconds. */
    delay: netemTime('delay', 1, 200).describe(
      `Added to every delayed packet: "200ms", or milliseconds, 1ms to ${formatDuration(LATENCY_LIMITS.maxDelayMs)} (default 200ms)`,
    ),
    /** Random variation around the delay (netem's jitter). */
    jitter: netemTime('jitter', 0, 0).describe(
      `Random variation around the delay (netem's jitter), 0 to ${formatDuration(LATENCY_LIMITS.maxDelayMs)} (default 0)`,
    ),
    /** Percent of delayed packets also dropped: at most 50 (beyond that it is an outage). */
    lossPercent: z
      .number()
      .gt(0, { error: 'lossPercent must be above 0' })
      .max(LATENCY_LIMITS.maxLossPercent, {
        error: `lossPercent must be at most ${LATENCY_LIMITS.maxLossPercent} (more is an outage, not latency)`,
      })
      .optional()
      .describe(
        `Percent of delayed packets also dropped: above 0, at most ${LATENCY_LIMITS.maxLossPercent} (beyond that it is an outage; default none)`,
      ),
    /** How much each packet's jitter and loss follow the previous packet's, in percent. */
    correlationPercent: z
      .number()
      .min(0, { error: 'correlationPercent must be 0 to 100' })
      .max(100, { error: 'correlationPercent must be 0 to 100' })
      .optional()
      .describe("How much each packet's jitter and loss follow the previous packet's, in percent, 0 to 100"),
    /** Only traffic toward these IPv4 CIDRs is delayed (default: all). */
    to: z
      .array(cidr)
      .max(LATENCY_LIMITS.maxTargets, { error: `at most ${LATENCY_LIMITS.maxTargets} CIDRs` })
      .default([])
      .describe(`Only traffic toward these IPv4 CIDRs is delayed, at most ${LATENCY_LIMITS.maxTargets} (default: all)`),
    /** Only traffic toward these destination ports is delayed (default: all). */
    ports: z
      .array(port)
      .max(LATENCY_LIMITS.maxTargets, { error: `at most ${LATENCY_LIMITS.maxTargets} ports` })
      .default([])
      .describe(
        `Only traffic toward these destination ports is delayed, at most ${LATENCY_LIMITS.maxTargets} (default: all)`,
      ),
    /** The interface to delay (default: the one of the host's default route). */
    interface: z
      .string()
      .regex(INTERFACE_NAME, { error: 'interface must be a-z and 0-9 only, up to 15 (e.g. eth0, ens5)' })
      .optional()
      .describe("The interface to delay, e.g. eth0 (default: the one of the host's default route)"),
    /** Instances per group (default 1) ... */
    count: z
      .number()
      .int()
      .min(1, { error: 'count must be at least 1' })
      .optional()
      .describe('Instances delayed per group (default 1; not with percent)'),
    /** ... or this percent of the group's InService instances, rounded up. */
    percent: z
      .number()
      .gt(0, { error: 'percent must be above 0' })
      .max(100, { error: 'percent must be at most 100' })
      .optional()
      .describe("Or this percent of the group's InService instances, rounded up (not with count)"),
    /** How long the delay lasts before the host removes it itself: 1m to 12h. */
    duration: faultDuration(TEN_MINUTES).describe(
      'How long the delay lasts before the host removes it itself, 1m to 12h (default 10m)',
    ),
    /** Schedules: each run day, a group gets on average 1/meanDaysBetweenRuns latency episodes. */
    meanDaysBetweenRuns: z
      .number()
      .positive()
      .default(1)
      .describe('Schedules: each run day, a group gets on average 1/meanDaysBetweenRuns latency episodes (default 1)'),
  })
  .refine((params) => params.count === undefined || params.percent === undefined, {
    error: 'give either count or percent, not both',
    path: ['count'],
  })
  .refine(
    (params) => params.correlationPercent === undefined || params.jitter > 0 || params.lossPercent !== undefined,
    { error: 'correlationPercent needs a jitter or a lossPercent to correlate', path: ['correlationPercent'] },
  );
export type LatencyParams = z.infer<typeof latencyParams>;
