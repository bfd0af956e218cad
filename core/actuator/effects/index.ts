import type { Effect } from '../effect.js';
import { attachVolumes } from './attach-volumes.js';
import { blockNetwork } from './block-network.js';
import { cancelHostFault } from './cancel-host-fault.js';
import { delayNetwork } from './delay-network.js';
import { deleteAutoScalingGroup } from './delete-auto-scaling-group.js';
import { deleteClassicLoadBalancer } from './delete-classic-load-balancer.js';
import { deleteLaunchConfiguration } from './delete-launch-configuration.js';
import { deleteLoadBalancer } from './delete-load-balancer.js';
import { deleteLogGroup } from './delete-log-group.js';
import { deleteNetworkInterface } from './delete-network-interface.js';
import { deleteRdsSnapshot } from './delete-rds-snapshot.js';
import { deleteSecurityGroup } from './delete-security-group.js';
import { deleteSnapshot } from './delete-snapshot.js';
import { deleteTargetGroup } from './delete-target-group.js';
import { deleteVolume } from './delete-volume.js';
import { deregisterImage } from './deregister-image.js';
import { detachInstance } from './detach-instance.js';
import { detachVolumes } from './detach-volumes.js';
import { flipRoute53Failover } from './flip-route53-failover.js';
import { isolateSubnets } from './isolate-subnets.js';
import { markForJanitor } from './mark-for-janitor.js';
import { noteSeen } from './note-seen.js';
import { notifyOwner } from './notify-owner.js';
import { rebootInstance } from './reboot-instance.js';
import { releaseAddress } from './release-address.js';
import { removeZoneSubnets } from './remove-zone-subnets.js';
import { restoreAutoScalingGroup } from './restore-auto-scaling-group.js';
import { restoreClassicLoadBalancer } from './restore-classic-load-balancer.js';
import { restoreImage } from './restore-image.js';
import { restoreLoadBalancer } from './restore-load-balancer.js';
import { restoreNaclAssociations } from './restore-nacl-associations.js';
import { restoreRoute53Record } from './restore-route53-record.js';
import { restoreSecurityGroups } from './restore-security-groups.js';
import { restoreSubnets } from './restore-subnets.js';
import { restoreVolume } from './restore-volume.js';
import { runHostFault } from './run-host-fault.js';
import { setInstanceHealth } from './set-instance-health.js';
import { shiftRoute53Weight } from './shift-route53-weight.js';
import { startInstance } from './start-instance.js';
import { stopInstance } from './stop-instance.js';
import { terminateInGroup } from './terminate-in-group.js';
import { terminateInstance } from './terminate-instance.js';
import { terminateQuarantined } from './terminate-quarantined.js';
import { unmarkForJanitor } from './unmark-for-janitor.js';

/**
 * The built-in action kinds. To add one: write its file in this folder, import it here and append it to this list;
 * core/actuator/registry.ts registers every entry.
 */
export const builtinEffects: readonly Effect[] = [
  terminateInstance,
  stopInstance,
  startInstance,
  rebootInstance,
  removeZoneSubnets,
  restoreSubnets,
  isolateSubnets,
  restoreNaclAssociations,
  shiftRoute53Weight,
  restoreRoute53Record,
  flipRoute53Failover,
  blockNetwork,
  restoreSecurityGroups,
  detachVolumes,
  attachVolumes,
  runHostFault,
  cancelHostFault,
  delayNetwork,
  terminateInGroup,
  setInstanceHealth,
  detachInstance,
  terminateQuarantined,
  notifyOwner,
  noteSeen,
  markForJanitor,
  unmarkForJanitor,
  deleteVolume,
  deleteSnapshot,
  deregisterImage,
  deleteAutoScalingGroup,
  deleteLaunchConfiguration,
  deleteLoadBalancer,
  deleteClassicLoadBalancer,
  releaseAddress,
  deleteTargetGroup,
  deleteNetworkInterface,
  deleteSecurityGroup,
  deleteRdsSnapshot,
  deleteLogGroup,
  restoreVolume,
  restoreImage,
  restoreAutoScalingGroup,
  restoreLoadBalancer,
  restoreClassicLoadBalancer,
];
