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
      { flag: '--group <name>', param: 'group', help: 'aim at one Auto Scaling group' },
      { flag: '--delay <duration>', param: 'delay', help: 'added to each delayed packet, 1ms to 10s (default 200ms)' },
      {
        flag: '--jitter <duration>',
        param: 'jitter',
        help: 'random variation around the delay, up to 10s (default none)',
      },
      {
        flag: '--loss <percent>',
        param: 'lossPercent',
        read: 'percent',
        help: 'also drop this percent of the delayed packets, at most 50% (default none)',
      },
      {
        flag: '--correlation <percent>',
        param: 'correlationPercent',
        read: 'percent',
        help: "how much each packet's jitter and loss follow the previous one's",
      },
      {
        flag: '--to <cidr>',
        param: 'to',
        repeatable: true,
        help: 'delay only traffic toward this IPv4 CIDR (repeatable)',
      },
      {
        flag: '--port <port>',
        param: 'ports',
        read: 'whole',
        repeatable: true,
        help: 'delay only traffic toward this port (repeatable)',
      },
      { flag: '--count <n>', param: 'count', read: 'whole', help: 'instances per group (default 1)' },
      {
        flag: '--percent <p>',
        param: 'percent',
        read: 'percent',
        help: "or this percent of each group's InService instances, rounded up",
      },
      {
        flag: '--interface <name>',
        param: 'interface',
        help: "the network interface (default: the host's default route's)",
      },
      {
        flag: '--duration <duration>',
        param: 'duration',
        help: 'how long the delay lasts before the host removes it, 1m to 12h (default 10m)',
      },
    ],
    exclusive: [['count', 'percent']],
    confirm: ['group'],
  },
  defaultCaps: LATENCY_CAPS,
  prepare: ({ clients, target }) => readSsmReach(clients, target),
  plan: ({ snapshot, params, optIn, random, observed }) => planLatency(snapshot, params, optIn, random, observed),
  daily: latencyDaily,
};
