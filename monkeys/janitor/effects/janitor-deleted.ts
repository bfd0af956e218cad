import { z } from 'zod';
import type { RecordStore } from '../../../core/actuator/effect.js';
import { safetyCall } from '../../../core/redis/redis-call.js';
import { JANITOR_RESOURCE_TYPES } from './janitor-types.js';

const iso = z.iso.datetime();
const tags = z.record(z.string(), z.string());
/** An AWS structure kept as AWS described it (a mapping, an action, a rule condition), handed back to a create call. */
const awsShape = z.record(z.string(), z.unknown());

/** A volume: where and how it was, and the backup snapshot the Janitor took right before deleting it. */
const volumeConfig = z.strictObject({
  type: z.literal('volume'),
  availabilityZone: z.string().min(1),
  size: z.number().int().positive(),
  volumeType: z.string().optional(),
  iops: z.number().int().optional(),
  throughput: z.number().int().optional(),
  encrypted: z.boolean(),
  kmsKeyId: z.string().optional(),
  tags,
  /** Absent: the run said not to back it up (snapshotBeforeDelete: false): its data cannot come back. */
  backup: z.strictObject({ snapshotId: z.string().min(1), retainUntil: iso }).optional(),
});

/** An image: its registration data; its snapshots are kept by the deregistration (AWS does not delete them). */
const imageConfig = z.strictObject({
  type: z.literal('image'),
  name: z.string().min(1),
  description: z.string().optional(),
  architecture: z.string().optional(),
  rootDeviceName: z.string().optional(),
  virtualizationType: z.string().optional(),
  enaSupport: z.boolean().optional(),
  sriovNetSupport: z.string().optional(),
  bootMode: z.string().optional(),
  imdsSupport: z.string().optional(),
  tpmSupport: z.string().optional(),
  blockDeviceMappings: z.array(awsShape),
  tags,
});

/** An Auto Scaling group: what it launches, its sizes, where, what it is attached to, its tags. */
const groupConfig = z.strictObject({
  type: z.literal('auto-scaling-group'),
  launchConfigurationName: z.string().optional(),
  launchTemplate: awsShape.optional(),
  mixedInstancesPolicy: awsShape.optional(),
  minSize: z.number().int().min(0),
  maxSize: z.number().int().min(0),
  desiredCapacity: z.number().int().min(0),
  availabilityZones: z.array(z.string()),
  vpcZoneIdentifier: z.string().optional(),
  targetGroupArns: z.array(z.string()),
  loadBalancerNames: z.array(z.string()),
  healthCheckType: z.string().optional(),
  healthCheckGracePeriod: z.number().int().optional(),
  tags: z.array(z.strictObject({ key: z.string(), value: z.string(), propagateAtLaunch: z.boolean() })),
});

/** An ALB/NLB: the balancer, its target groups, listeners and their rules, as AWS described them. */
const loadBalancerConfig = z.strictObject({
  type: z.literal('load-balancer'),
  name: z.string().min(1),
  balancerType: z.string().optional(),
  scheme: z.string().optional(),
  ipAddressType: z.string().optional(),
  subnets: z.array(z.string()),
  securityGroups: z.array(z.string()),
  tags,
  /** Kept as AWS described them (arn, name, protocol, port, VPC, target type, health check). */
  targetGroups: z.array(awsShape),
  listeners: z.array(
    z.strictObject({
      listener: awsShape,
      /** Its rules but the default one, each with its priority, conditions and actions. */
      rules: z.array(awsShape),
    }),
  ),
});

/** A classic ELB: its listeners, zones or subnets, security groups, health check and tags. */
const classicConfig = z.strictObject({
  type: z.literal('classic-load-balancer'),
  scheme: z.string().optional(),
  listeners: z.array(awsShape),
  availabilityZones: z.array(z.string()),
  subnets: z.array(z.string()),
  securityGroups: z.array(z.string()),
  healthCheck: awsShape.optional(),
  tags,
});

/** A launch configuration: everything CreateLaunchConfiguration takes, as AWS described it (it carries no tags). */
const launchConfigurationConfig = z.strictObject({
  type: z.literal('launch-configuration'),
  configuration: awsShape,
});

/** A target group: its settings as AWS described them (protocol, port, VPC, target type, health check) and tags. */
const targetGroupConfig = z.strictObject({
  type: z.literal('target-group'),
  targetGroup: awsShape,
  tags,
});

/** A security group: where it was, its name, description, tags and every rule, as AWS described them. */
const securityGroupConfig = z.strictObject({
  type: z.literal('security-group'),
  groupName: z.string().min(1),
  description: z.string(),
  vpcId: z.string().optional(),
  ingress: z.array(awsShape),
  egress: z.array(awsShape),
  tags,
});

/** A network interface: its subnet, groups, description, primary private IP and tags. */
const networkInterfaceConfig = z.strictObject({
  type: z.literal('network-interface'),
  subnetId: z.string().min(1),
  groups: z.array(z.string()),
  description: z.string().optional(),
  privateIpAddress: z.string().optional(),
  tags,
});

/** An Elastic IP: its public address (AWS may give it back if no one took it since), pool and tags. */
const elasticIpConfig = z.strictObject({
  type: z.literal('elastic-ip'),
  publicIp: z.string().min(1),
  domain: z.string().optional(),
  networkBorderGroup: z.string().optional(),
  publicIpv4Pool: z.string().optional(),
  tags,
});

/** What restore needs to bring a resource back, by type (the types that can come back). */
export const restorableConfig = z.discriminatedUnion('type', [
  volumeConfig,
  imageConfig,
  groupConfig,
  loadBalancerConfig,
  classicConfig,
  launchConfigurationConfig,
  targetGroupConfig,
  securityGroupConfig,
  networkInterfaceConfig,
  elasticIpConfig,
]);
export type RestorableConfig = z.infer<typeof restorableConfig>;
export type ConfigOf<T extends RestorableConfig['type']> = Extract<RestorableConfig, { type: T }>;

/**
 * One resource the Janitor deleted, written BEFORE the delete call (a deletion whose record cannot be written does
 * not happen): what it was, why it went, and what restore needs. `restored` is set once a restore brought it back,
 * `made` once a restore in several steps created it.
 */
export const janitorDeletion = z.strictObject({
  account: z.string().min(1),
  region: z.string().min(1),
  resource: z.string().min(1),
  resourceType: z.enum(JANITOR_RESOURCE_TYPES),
  rule: z.string().min(1),
  owner: z.string().nullable(),
  deletedAt: iso,
  runId: z.string().optional(),
  config: restorableConfig,
  restored: z.strictObject({ at: iso, id: z.string().min(1), runId: z.string().optional() }).optional(),
  /**
   * What a restore created before it finished (a security group, before its rules): a retry continues on this id,
   * the one the record holds, never on a resource found by its tags.
   */
  made: z.strictObject({ at: iso, id: z.string().min(1) }).optional(),
  /**
   * When a restore asked AWS to create what cannot carry a tag (a launch configuration, by its name), written before
   * the call: if the answer is lost, a retry takes the one of that name for its own only if AWS says it was created
   * since then and it launches what the record says.
   */
  creating: z.strictObject({ at: iso }).optional(),
});
export type JanitorDeletion = z.infer<typeof janitorDeletion>;

type Where = { readonly account: string; readonly region: string };

/** One hash for every account and region, beside the marks (a single key: atomic on a Redis Cluster too). */
function deletedKey(store: RecordStore): string {
  return `${store.prefix}:janitor:deleted`;
}

function fieldOf(where: Where, resource: string): string {
  return `${where.account}|${where.region}|${resource}`;
}

/** Writes (or overwrites) one deletion; writing it again changes nothing (idempotent). */
export async function writeDeletion(store: RecordStore, deletion: JanitorDeletion): Promise<void> {
  const text = JSON.stringify(janitorDeletion.parse(deletion));
  await safetyCall(store.redis, (redis) => redis.hset(deletedKey(store), fieldOf(deletion, deletion.resource), text));
}

/** The deletion of one resource, or null when the Janitor's record holds none (or an unreadable one). */
export async function readDeletion(
  store: RecordStore,
  where: Where,
  resource: string,
): Promise<JanitorDeletion | null> {
  const text = await safetyCall(store.redis, (redis) => redis.hget(deletedKey(store), fieldOf(where, resource)));
  if (!text) return null;
  try {
    const answer = janitorDeletion.safeParse(JSON.parse(text));
    return answer.success ? answer.data : null;
  } catch {
    return null;
  }
}

/** Every deletion of one account and region (the backups still retained, say). */
export async function readDeletions(store: RecordStore, where: Where): Promise<JanitorDeletion[]> {
  const hash = await safetyCall(store.redis, (redis) => redis.hgetall(deletedKey(store)));
  const prefix = fieldOf(where, '');
  return Object.entries(hash).flatMap(([field, text]) => {
    if (!field.startsWith(prefix)) return [];
    try {
      const answer = janitorDeletion.safeParse(JSON.parse(text));
      return answer.success ? [answer.data] : [];
    } catch {
      return [];
    }
  });
}

/**
 * Why the Janitor's record keeps this snapshot (null: it does not): it is the backup of a volume the Janitor deleted,
 * retained until a date still to come. The tag on the snapshot is only its mirror.
 */
export function retainedBackupReason(
  deletions: readonly JanitorDeletion[],
  snapshotId: string,
  now: Date,
): string | null {
  for (const deletion of deletions) {
    const { config } = deletion;
    if (config.type !== 'volume' || config.backup?.snapshotId !== snapshotId) continue;
    if (new Date(config.backup.retainUntil) > now) {
      return `${snapshotId} is the Janitor's backup of deleted volume ${deletion.resource}, retained until ${config.backup.retainUntil}`;
    }
  }
  return null;
}
