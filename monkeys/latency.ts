import { cancelHostFault } from '../core/actuator/effects/cancel-host-fault.js';
import { delayNetwork } from '../core/actuator/effects/delay-network.js';
import type { Caps } from '../core/config/schema.js';
import type { Monkey } from '../core/run/monkey.js';
import { latencyDaily } from './latency/daily.js';
import { type LatencyParams, latencyParams } from './latency/params.js';
import { planLatency } from './latency/plan.js';
import { readSsmReach, type SsmReach } from './latency/ssm-reach.js';

/**
 * The group's own count/percent is the blast radius asked for: the per-group, per-day and time-between caps are
 * lifted (an instance keeps serving, only slower, and the host removes the delay itself). maxPerRun and caps
 * written in simian.yaml or the schedule entry still hold.
 */
export const LATENCY_CAPS: Caps = {
  maxPerGroup: undefined,
  maxPercentPerGroup: 100,
  maxPerDayPerGroup: undefined,
  minHealthy: 0,
  minTimeBetweenKills: undefined,
};

/**
 * Latency Monkey: network delay (with jitter, optional loss and correlation, optionally toward some CIDRs/ports
 * only) on some instances of each opted-in group, through SSM Run Command and tc netem; the host removes it itself
 * after the duration, and a revert removes it too.
 */
export const latency: Monkey<LatencyParams, SsmReach> = {
  name: 'latency',
  description: 'Delays the network of some instances of each opted-in group (tc netem through SSM), then undoes it',
  kind: 'fault',
  effects: [{ effect: delayNetwork, revert: cancelHostFault }],
  params: latencyParams,
  cli: {
    summary:
      'Latency Monkey: network delay on some instances of each opted-in group (simian:latency=enabled), undone after --duration',
    flags: [
      { flag: '--group <name>', param: 'group' },
      { flag: '--delay <duration>', param: 'delay' },
      { flag: '--jitter <duration>', param: 'jitter' },
      { flag: '--loss <percent>', param: 'lossPercent', read: 'percent' },
      { flag: '--correlation <percent>', param: 'correlationPercent', read: 'percent' },
      { flag: '--to <cidr>', param: 'to', repeatable: true },
      { flag: '--port <port>', param: 'ports', read: 'whole', repeatable: true },
      { flag: '--count <n>', param: 'count', read: 'whole' },
      { flag: '--percent <p>', param: 'percent', read: 'percent' },
      { flag: '--interface <name>', param: 'interface' },
      { flag: '--duration <duration>', param: 'duration' },
    ],
    exclusive: [['count', 'percent']],
    confirm: ['group'],
  },
  defaultCaps: LATENCY_CAPS,
  prepare: ({ clients, target }) => readSsmReach(clients, target),
  plan: ({ snapshot, params, optIn, random, observed }) => planLatency(snapshot, params, optIn, random, observed),
  daily: latencyDaily,
};
