import { logGroupType } from '../../core/aws/resources/log-group.js';
import { rdsClusterSnapshotType } from '../../core/aws/resources/rds-cluster-snapshot.js';
import { rdsSnapshotType } from '../../core/aws/resources/rds-snapshot.js';
import type { JanitorDeletion } from './effects/janitor-deleted.js';

/** The effect that brings back each type the Janitor keeps enough of. */
const RESTORE_KINDS = {
  volume: 'restore-volume',
  image: 'register-image',
  'auto-scaling-group': 'restore-auto-scaling-group',
  'load-balancer': 'restore-load-balancer',
  'classic-load-balancer': 'restore-classic-load-balancer',
  'launch-configuration': 'restore-launch-configuration',
  'target-group': 'restore-target-group',
  'security-group': 'restore-security-group',
  'network-interface': 'restore-network-interface',
  'elastic-ip': 'restore-elastic-ip',
} as const;

/** Types whose deletion AWS makes final, told by their id: why `simian janitor restore` cannot bring one back. */
const FINAL_DELETIONS = [
  {
    type: rdsSnapshotType,
    why: 'a deleted RDS snapshot cannot be restored: DeleteDBSnapshot is final and AWS keeps no copy of it',
  },
  {
    type: rdsClusterSnapshotType,
    why: 'a deleted Aurora cluster snapshot cannot be restored: DeleteDBClusterSnapshot is final and AWS keeps no copy of it',
  },
  {
    type: logGroupType,
    why: 'a deleted log group cannot be restored: DeleteLogGroup deletes every event it held (a writer that logs again creates a new, empty group of the same name)',
  },
];

/** Why this id cannot be restored whatever the record holds (null: its type may be). */
export function finalDeletion(resource: string): string | null {
  return FINAL_DELETIONS.find((final) => final.type.matches(resource))?.why ?? null;
}

export function restoreKindOf(deletion: JanitorDeletion): string {
  return RESTORE_KINDS[deletion.config.type];
}

/** What a restore brings back, and exactly what it cannot: one sentence each, for the report and the prompt. */
export function restoreLimits(deletion: JanitorDeletion): { restores: string; cannot: string } {
  const { config } = deletion;
  switch (config.type) {
    case 'volume':
      return {
        restores: `a new volume from backup ${config.backup?.snapshotId ?? '(none)'} in ${config.availabilityZone}, ${config.size} GiB${config.volumeType ? ` ${config.volumeType}` : ''}, with its ${Object.keys(config.tags).length} tag(s)`,
        cannot: `its id (AWS gives a new one); data written after the backup (taken before the deletion at ${deletion.deletedAt}) is lost; attachments are not restored`,
      };
    case 'image':
      return {
        restores: `image "${config.name}" registered again from its ${config.blockDeviceMappings.length} kept mapping(s), with its registration data and tags`,
        cannot:
          'its AMI id (AWS gives a new one); launch permissions (sharing) and deprecation settings are not restored; a snapshot deleted since cannot come back',
      };
    case 'auto-scaling-group':
      return {
        restores: `group ${deletion.resource} (min ${config.minSize}, max ${config.maxSize}, desired ${config.desiredCapacity}) with its launch source, subnets, target groups, balancers and tags`,
        cannot: 'its instances (it launches new ones); scaling policies and notification settings are not kept',
      };
    case 'load-balancer':
      return {
        restores: `load balancer ${config.name} with ${config.listeners.length} listener(s), their rules and ${config.targetGroups.length} target group(s)`,
        cannot:
          'its ARN and DNS name (AWS gives new ones: records pointing at the old name must change); targets are not re-registered (an attached group registers its own); attributes are not kept',
      };
    case 'classic-load-balancer':
      return {
        restores: `classic load balancer ${deletion.resource} with ${config.listeners.length} listener(s), its health check and tags`,
        cannot:
          'its DNS name (AWS gives a new one); instances are not re-registered; attributes and policies are not kept',
      };
    case 'launch-configuration': {
      const image = config.configuration.ImageId;
      return {
        restores: `launch configuration ${deletion.resource} under its name, with its image${typeof image === 'string' ? ` ${image}` : ''}, instance type, key, security groups, user data, block device mappings, instance profile, monitoring and metadata options`,
        cannot:
          'an image, key pair, security group or instance profile it names that was deleted since (AWS refuses the configuration); it carries no simian:janitor:restored tag (AWS cannot tag a launch configuration); an instance profile needs iam:PassRole, which the policy does not grant',
      };
    }
    case 'target-group':
      return {
        restores: `target group ${String(config.targetGroup.TargetGroupName)} with its protocol, port, VPC, target type, health check and ${Object.keys(config.tags).length} tag(s)`,
        cannot:
          'its ARN (AWS gives a new one: listeners, rules and groups naming the old ARN must change); registered targets are not re-registered; attributes (stickiness, deregistration delay) are not kept',
      };
    case 'security-group':
      return {
        restores: `security group ${config.groupName}${config.vpcId ? ` in ${config.vpcId}` : ''} with its description, ${config.ingress.length} ingress and ${config.egress.length} egress rule(s) and ${Object.keys(config.tags).length} tag(s) (rules naming other groups kept as they were; one naming itself names the new group)`,
        cannot:
          "its id (AWS gives a new one): instances, interfaces, balancers, templates and other groups' rules that named the old id must change; a rule naming a group deleted since is refused by AWS",
      };
    case 'network-interface':
      return {
        restores: `a new network interface in ${config.subnetId} with ${config.groups.length} security group(s), its description${config.privateIpAddress ? `, private IP ${config.privateIpAddress} if still free` : ''} and ${Object.keys(config.tags).length} tag(s)`,
        cannot:
          'its id and MAC address (AWS gives new ones); its attachment; its private IP if another interface took it since (AWS picks a free one); secondary IPs and an Elastic IP it held; a security group or subnet deleted since (AWS refuses the interface)',
      };
    case 'elastic-ip':
      return {
        restores: `Elastic IP ${config.publicIp} allocated again (AllocateAddress with Address) with ${Object.keys(config.tags).length} tag(s)`,
        cannot:
          'its allocation id (AWS gives a new one); its association; the address itself if someone else took it since it was released (AWS then refuses the allocation)',
      };
  }
}
