import type { DelayNetworkParams } from '../../core/actuator/effects/latency-script.js';
import { formatDuration } from '../../core/config/duration.js';
import { InputError } from '../../core/errors.js';
import { groupInstances } from '../../core/fleet/grouping.js';
import type { Group, Instance, Snapshot } from '../../core/fleet/model.js';
import type { OptInDecision } from '../../core/fleet/opt-in-types.js';
import type { Action, Plan, Skip } from '../../core/plan/action.js';
import { type Candidate, classifyInstances, notInService } from '../shared/eligibility.js';
import { pickRandom } from '../shared/pick.js';
import type { LatencyParams } from './params.js';
import { type SsmReach, unreachableBySsm } from './ssm-reach.js';

/** The kind of Latency's actions (core/actuator/effects/delay-network.ts). */
export const LATENCY_ACTION = 'delay-network';

function spare(instance: Instance, guard: string, reason: string): Skip {
  return { resource: instance.id, group: instance.group ?? null, guard, reason, zone: instance.zone };
}

/** How many of a group's InService instances get the delay: `count` (default 1), or `percent` rounded up. */
export function wantedCount(params: LatencyParams, inService: number): number {
  if (params.percent !== undefined) return Math.ceil((params.percent / 100) * inService);
  return params.count ?? 1;
}

/** What the effect gets: the params in the units netem takes, only the parts asked for. */
export function delayParamsOf(params: LatencyParams): DelayNetworkParams {
  return {
    durationSeconds: Math.round(params.duration / 1000),
    delayMs: params.delay,
    ...(params.jitter > 0 ? { jitterMs: params.jitter } : {}),
    ...(params.correlationPercent !== undefined ? { correlationPercent: params.correlationPercent } : {}),
    ...(params.lossPercent !== undefined ? { lossPercent: params.lossPercent } : {}),
    ...(params.to.length > 0 ? { destinations: [...params.to] } : {}),
    ...(params.ports.length > 0 ? { ports: [...params.ports] } : {}),
    ...(params.interface !== undefined ? { interface: params.interface } : {}),
  };
}

function targetOf(snapshot: Snapshot, params: LatencyParams, reach: SsmReach | undefined): Record<string, string> {
  const target: Record<string, string> = {
    region: snapshot.region,
    delay: formatDuration(params.delay),
    duration: formatDuration(params.duration),
  };
  if (params.jitter > 0) target.jitter = formatDuration(params.jitter);
  if (params.lossPercent !== undefined) target.loss = `${params.lossPercent}%`;
  if (params.to.length > 0) target.to = params.to.join(',');
  if (params.ports.length > 0) target.ports = params.ports.join(',');
  if (params.group !== undefined) target.group = params.group;
  // Said once for the run, not once per instance: each command's own status still tells what happened.
  if (reach && !reach.known) target.ssm = `reachability unknown, every instance tried: ${reach.reason}`;
  return target;
}

/**
 * The pure plan of Latency: in each opted-in group, `count` (or `percent`) random InService instances that SSM can
 * reach get the delay. Instances SSM reports unmanaged or offline are spared (guard `ssm`) with the reason.
 */
export function planLatency(
  snapshot: Snapshot,
  params: LatencyParams,
  optIn: (group: Group) => OptInDecision,
  random: () => number,
  reach?: SsmReach,
): Plan {
  let units = groupInstances(snapshot, 'asg');
  if (params.group !== undefined) {
    units = units.filter((unit) => unit.name === params.group);
    if (units.length === 0)
      throw new InputError(`Auto Scaling group "${params.group}" not found in ${snapshot.region}`);
  }
  const delay = delayParamsOf(params);
  const actions: Action[] = [];
  const skipped: Skip[] = [];
  for (const unit of units) {
    const classified = classifyInstances(snapshot, unit.instances, optIn);
    skipped.push(...classified.skipped);
    const inService: Candidate[] = [];
    for (const candidate of classified.candidates) {
      const why = notInService(candidate.instance, candidate.group);
      if (why) skipped.push(spare(candidate.instance, 'eligibility', why));
      else inService.push(candidate);
    }
    const reachable: Candidate[] = [];
    for (const candidate of inService) {
      const why = unreachableBySsm(reach, candidate.instance.id);
      if (why) skipped.push(spare(candidate.instance, 'ssm', why));
      else reachable.push(candidate);
    }
    for (const picked of pickRandom(reachable, wantedCount(params, inService.length), random)) {
      actions.push({
        kind: LATENCY_ACTION,
        resource: picked.instance.id,
        group: picked.group.name,
        account: snapshot.account,
        region: snapshot.region,
        zone: picked.instance.zone,
        params: { ...delay },
        durationMs: params.duration,
      });
    }
  }
  return { monkey: 'latency', target: targetOf(snapshot, params, reach), actions, skipped };
}
