import { isHostFault } from '../../core/actuator/effects/host-fault-scripts.js';
import { mayBeRootDevice } from '../../core/actuator/effects/root-device.js';
import type { Instance } from '../../core/fleet/model.js';
import type { Action } from '../../core/plan/action.js';
import type { GroupChaosSettings } from './group-settings.js';
import type { ChaosFault } from './params.js';

/** The action kind that carries each fault (host faults share one SSM effect). */
export function actionKindOf(fault: ChaosFault): string {
  switch (fault) {
    case 'terminate':
      return 'terminate-instance';
    case 'stop':
      return 'stop-instance';
    case 'reboot':
      return 'reboot-instance';
    case 'block-network':
    case 'detach-volumes':
      return fault;
    default:
      return 'run-host-fault';
  }
}

/** Faults that last a while and are undone (at the deadline on the host, or by a revert). */
export function isRevertible(fault: ChaosFault): boolean {
  return fault !== 'terminate' && fault !== 'reboot';
}

/** The EBS volumes detach-volumes would take away: every attached volume but the root one. */
export function dataVolumes(instance: Instance) {
  return instance.volumes.filter((volume) => !mayBeRootDevice(volume.device, instance.rootDeviceName));
}

/** Why this fault cannot hit this instance, or null when it can. */
export function faultMismatch(fault: ChaosFault, instance: Instance): string | null {
  if (fault === 'detach-volumes' && dataVolumes(instance).length === 0) return 'no non-root EBS volume to detach';
  if (fault === 'block-network' && !instance.vpcId) return 'not in a VPC';
  return null;
}

function faultParams(settings: GroupChaosSettings): Record<string, unknown> {
  const { fault } = settings;
  if (!isHostFault(fault)) return {};
  return {
    fault,
    durationSeconds: Math.round(settings.durationMs / 1000),
    ...(fault === 'network-loss' ? { lossPercent: settings.lossPercent } : {}),
    ...(fault === 'network-corruption' ? { corruptionPercent: settings.corruptionPercent } : {}),
    ...(fault === 'kill-processes' ? { processes: [...settings.processes] } : {}),
  };
}

/** The one action that injects the group's fault into the picked instance. */
export function faultAction(
  settings: GroupChaosSettings,
  instance: Instance,
  groupName: string,
  where: { account: string; region: string },
): Action {
  return {
    kind: actionKindOf(settings.fault),
    resource: instance.id,
    group: groupName,
    account: where.account,
    region: where.region,
    zone: instance.zone,
    params: faultParams(settings),
    ...(isRevertible(settings.fault) ? { durationMs: settings.durationMs } : {}),
  };
}
