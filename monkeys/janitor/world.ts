import type { AutoScalingGroup } from '@aws-sdk/client-auto-scaling';
import type { LogGroup } from '@aws-sdk/client-cloudwatch-logs';
import type {
  Image,
  Instance,
  LaunchTemplate,
  NetworkInterface,
  ResponseLaunchTemplateData,
  Snapshot,
} from '@aws-sdk/client-ec2';
import type { LoadBalancer, TargetGroup } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { DBClusterSnapshot, DBSnapshot } from '@aws-sdk/client-rds';
import { imageSharedWith, launchTemplateVersions, registeredTargets } from '../../core/aws/account-reads/index.js';
import type { AwsClients, AwsTarget } from '../../core/aws/clients.js';
import { mapLimit } from '../../core/aws/resources/support.js';
import type { ResourceRecord, ResourceTypeName } from '../../core/aws/resources/types.js';
import { JANITOR_RESOURCE_TYPES, type JanitorResourceType } from './effects/janitor-types.js';
import { logGroupReads } from './log-use-reads.js';
import { interfaceRoutes, targetGroupForwards } from './network-use-reads.js';
import {
  rdsClusterSnapshotSharing,
  rdsClusterSnapshotUses,
  rdsSnapshotSharing,
  rdsSnapshotUses,
} from './rds-use-reads.js';
import {
  ATTRIBUTE_IN_FLIGHT,
  aliasOf,
  type FoundUse,
  groupUses,
  IN_FLIGHT,
  imageParameterUses,
  instanceUses,
  isStandalone,
  type ListenerUse,
  listenerUses,
  readOrDoubt,
  snapshotSharing,
  terminationProtection,
  type Unreadable,
} from './use-reads.js';

/** The resource types Janitor cleans (launch templates are read, never deleted). */
export const JANITOR_TYPES: readonly JanitorType[] = JANITOR_RESOURCE_TYPES satisfies readonly ResourceTypeName[];
export type JanitorType = JanitorResourceType;

/**
 * Types nothing else refers to and that refer to nothing the Janitor judges: listed only by a run that judges them
 * (a log group's tags cost a call each, which a run of `--type volume` should not pay).
 */
const SELF_CONTAINED: readonly JanitorType[] = ['rds-snapshot', 'rds-cluster-snapshot', 'log-group'];

/** Everything the rules and the use index read: every type that can reference a candidate. */
export const WORLD_READS: readonly ResourceTypeName[] = [
  ...new Set<ResourceTypeName>([...JANITOR_TYPES.filter((type) => !SELF_CONTAINED.includes(type)), 'launch-template']),
];

/** The self-contained types a run judging `judged` (all when undefined) lists. */
const selfContained = (judged: ReadonlySet<JanitorType> | undefined) =>
  SELF_CONTAINED.filter((type) => judged === undefined || judged.has(type));

/** One version of a launch template (every version counts as a use, not only those a group launches). */
export interface TemplateVersion {
  readonly templateId: string;
  readonly templateName: string;
  readonly version: number;
  /** The version's data, its ImageId resolved to an AMI id where it was a `resolve:ssm:` alias. */
  readonly data: ResponseLaunchTemplateData;
  /** The SSM parameter its ImageId named (`resolve:ssm:<alias>`), if it did. */
  readonly alias?: string;
}

/** What the listings do not say and a use check needs: read by `prepare`, and again at action time. */
export interface Observed {
  readonly templateVersions: readonly TemplateVersion[];
  /** Image id → who else may launch it (account ids, groups such as `all`); absent: shared with no one. */
  readonly imageSharing: Readonly<Record<string, readonly string[]>>;
  /** Snapshot id → who else may create volumes from it (createVolumePermission); absent: shared with no one. */
  readonly snapshotSharing: Readonly<Record<string, readonly string[]>>;
  /** Target group ARN → ids of its registered targets (any health). */
  readonly targets: Readonly<Record<string, readonly string[]>>;
  /** ELBv2 balancer ARN → its listeners: what each answers by itself, where each forwards. */
  readonly listeners: Readonly<Record<string, readonly ListenerUse[]>>;
  /** Network interface id → the instance it is attached to (standalone instances only). */
  readonly interfaces: Readonly<Record<string, string>>;
  /**
   * Uses read beside the listings: SSM parameters holding AMI ids; groups' scheduled actions, warm pools and
   * lifecycle hooks; instances' routes, second interfaces, termination protection and activity.
   */
  readonly uses: readonly FoundUse[];
  /** Resource id → why its uses could not be read: it counts as in use (fail closed) and is reported. */
  readonly unreadable: Readonly<Record<string, string>>;
  /**
   * Uses that keep only what they name in use, never its referrers (network-use-reads.ts): every listener and rule
   * forwarding to a target group, every route to a network interface.
   */
  readonly references: readonly FoundUse[];
  /** Log group ARN → ISO time of its latest event (log-use-reads.ts); absent: no event, judged by its creation. */
  readonly lastEvents: Readonly<Record<string, string>>;
  /**
   * The images, snapshots (EBS, RDS and Aurora) and instances whose own attributes (who may launch, copy or restore
   * it, termination protection: one call each) were read: the candidates only. A rule never finds unused one of these types left out (fail closed).
   * Absent: every one was read (or there was nothing to read).
   */
  readonly attributesRead?: ReadonlySet<string>;
}

/** Whether a resource's own attributes were read, so that a rule may find it unused (see Observed.attributesRead). */
export function attributesKnown(observed: Observed, id: string): boolean {
  return observed.attributesRead?.has(id) ?? true;
}

/**
 * Which of the listed images, snapshots (EBS, RDS and Aurora) and instances need their own attributes read: given the world with every
 * other use read, the ids a decision could turn on (the candidates). Absent: all of them.
 */
export type AttributeCandidates = (world: World) => Iterable<string>;

/** Nothing observed (a world made of listings alone, in tests). */
export const NOTHING_OBSERVED: Observed = {
  templateVersions: [],
  imageSharing: {},
  snapshotSharing: {},
  targets: {},
  listeners: {},
  interfaces: {},
  uses: [],
  unreadable: {},
  references: [],
  lastEvents: {},
};

/** The listings (by type) and the observations: what one janitor decision is made from. */
export interface World {
  readonly records: ReadonlyMap<string, readonly ResourceRecord[]>;
  readonly observed: Observed;
}

export function recordsOf<Raw>(world: Pick<World, 'records'>, type: ResourceTypeName): readonly ResourceRecord<Raw>[] {
  return (world.records.get(type) ?? []) as readonly ResourceRecord<Raw>[];
}

const idsOf = (records: readonly ResourceRecord[]) => records.map((record) => record.id);

/** Whether the uses read from a listed type's records matter to the types judged. */
function readFor(type: string, judging: (...types: JanitorType[]) => boolean): boolean {
  switch (type) {
    case 'launch-template':
      return judging('image', 'snapshot', 'security-group', 'network-interface');
    case 'image':
      return judging('image');
    case 'snapshot':
      return judging('snapshot');
    case 'target-group':
      return judging('instance', 'load-balancer', 'target-group');
    case 'load-balancer':
      return judging('load-balancer', 'target-group');
    case 'network-interface':
      return judging('network-interface');
    case 'auto-scaling-group':
      return judging('auto-scaling-group');
    case 'instance':
      return judging('instance');
    case 'rds-snapshot':
      return judging('rds-snapshot');
    case 'rds-cluster-snapshot':
      return judging('rds-cluster-snapshot');
    case 'log-group':
      return judging('log-group');
    default:
      return false;
  }
}

/**
 * Reads every use the listings do not show (use-reads.ts): every version of every launch template (ResolveAlias,
 * and SSM for an alias left unresolved), SSM parameters holding AMI ids, every target group's targets, every
 * balancer's listeners and rules, groups at 0's scheduled actions, warm pools and lifecycle hooks, standalone
 * instances' routes, interfaces and activity. Then, for the `candidates` alone (what a decision could turn on, judged
 * from all the above), what costs a call per resource: who each image, EBS, RDS and Aurora snapshot is shared with, and each
 * instance's termination protection. Read-only. A read that fails never fails the run: what it concerns is left
 * unreadable, so in use (fail closed). Only what can keep a `judged` type in use is read (a run of `--type volume`
 * reads no listener).
 */
export async function readObserved(
  clients: AwsClients,
  target: AwsTarget,
  world: Pick<World, 'records'>,
  judged: ReadonlySet<JanitorType> = new Set(JANITOR_TYPES),
  now: Date = new Date(),
  candidates?: AttributeCandidates,
): Promise<Observed> {
  const judging = (...types: JanitorType[]) => types.some((type) => judged.has(type));
  const listed = { records: new Map([...world.records].filter(([type]) => readFor(type, judging))) };
  const unreadable: Unreadable = new Map();
  const images = recordsOf<Image>(listed, 'image');
  const snapshots = recordsOf<Snapshot>(listed, 'snapshot');
  // A template version may name any image or snapshot: one it could not read leaves them all in doubt.
  const imageAndSnapshotIds = [...idsOf(images), ...idsOf(snapshots)];
  const templates = recordsOf<LaunchTemplate>(listed, 'launch-template');
  const versions = await mapLimit(templates, IN_FLIGHT, (template) =>
    readOrDoubt(
      `the versions of launch template ${template.name ?? template.id}`,
      imageAndSnapshotIds,
      unreadable,
      [],
      async () => {
        const found = await launchTemplateVersions(template.id).read(clients, target);
        return found.map(
          (version): TemplateVersion => ({
            templateId: template.id,
            templateName: template.name ?? template.id,
            version: version.VersionNumber ?? 0,
            data: version.LaunchTemplateData ?? {},
          }),
        );
      },
    ),
  );
  // AWS resolves aliases with ResolveAlias; one it left as written (or an endpoint that does not) is resolved here.
  const aliases = versions.flat().flatMap((version) => aliasOf(version.data.ImageId) ?? []);
  const parameters = await imageParameterUses(clients, target, aliases, idsOf(images), unreadable);
  const templateVersions = versions.flat().map((version): TemplateVersion => {
    const alias = aliasOf(version.data.ImageId);
    if (!alias) return version;
    return { ...version, alias, data: { ...version.data, ImageId: parameters.resolved.get(alias) } };
  });
  const groups = recordsOf<TargetGroup>(listed, 'target-group');
  const targets = await mapLimit(groups, IN_FLIGHT, async (group) => {
    const doubt = [group.id, ...(group.raw.LoadBalancerArns ?? [])];
    const ids = await readOrDoubt(`the targets of ${group.name ?? group.id}`, doubt, unreadable, [], () =>
      registeredTargets(group.id).read(clients, target),
    );
    return [group.id, ids] as const;
  });
  const balancers = recordsOf<LoadBalancer>(listed, 'load-balancer');
  const autoScalingGroups = recordsOf<AutoScalingGroup>(listed, 'auto-scaling-group');
  const instances = recordsOf<Instance>(listed, 'instance');
  const listeners = await listenerUses(clients, target, balancers, unreadable);
  const atZero = await groupUses(clients, target, autoScalingGroups, unreadable);
  const standalone = await instanceUses(clients, target, instances, unreadable, now);
  const forwards = judging('target-group')
    ? await targetGroupForwards(clients, target, balancers, groups, unreadable)
    : [];
  const routes = await interfaceRoutes(
    clients,
    target,
    recordsOf<NetworkInterface>(listed, 'network-interface'),
    unreadable,
  );
  const rdsSnapshots = recordsOf<DBSnapshot>(listed, 'rds-snapshot');
  const rdsUses = await rdsSnapshotUses(clients, target, rdsSnapshots, unreadable);
  const clusterSnapshots = recordsOf<DBClusterSnapshot>(listed, 'rds-cluster-snapshot');
  const clusterSnapshotUses = await rdsClusterSnapshotUses(clients, target, clusterSnapshots, unreadable);
  const logs = await logGroupReads(clients, target, recordsOf<LogGroup>(listed, 'log-group'), unreadable);
  // A public image is shared whatever else is read: the listing says so.
  const publicImages = images.filter((image) => image.raw.Public).map((image) => [image.id, ['all']] as const);
  const observed: Observed = {
    templateVersions,
    imageSharing: Object.fromEntries(publicImages),
    snapshotSharing: {},
    targets: Object.fromEntries(targets),
    listeners,
    interfaces: standalone.interfaces,
    uses: [...parameters.uses, ...atZero, ...standalone.uses],
    unreadable: Object.fromEntries(unreadable),
    references: [...forwards, ...routes, ...rdsUses, ...clusterSnapshotUses, ...logs.uses],
    lastEvents: logs.lastEvents,
  };

  // What costs a call per resource, for the candidates alone (judged from everything read above).
  const chosen = candidates ? new Set(candidates({ records: world.records, observed })) : undefined;
  const wanted = <T>(records: readonly ResourceRecord<T>[]) =>
    chosen ? records.filter((record) => chosen.has(record.id)) : records;
  const sharing = await mapLimit(wanted(images), ATTRIBUTE_IN_FLIGHT, async (image) => {
    const who = await readOrDoubt(`who may launch image ${image.id}`, [image.id], unreadable, [], () =>
      imageSharedWith(image.id).read(clients, target),
    );
    if (image.raw.Public && !who.includes('all')) who.push('all');
    return [image.id, who] as const;
  });
  // Every listed image, judged or not: an image keeps the snapshots it maps whoever else may use them.
  const mappedByImages = new Set(
    recordsOf<Image>(world, 'image').flatMap((image) =>
      (image.raw.BlockDeviceMappings ?? []).flatMap((mapping) => mapping.Ebs?.SnapshotId ?? []),
    ),
  );
  const snapshotShares = await snapshotSharing(clients, target, wanted(snapshots), mappedByImages, unreadable);
  // Protection is asked only of standalone instances nothing above showed in use.
  const inUse = new Set(observed.uses.map((found) => found.id));
  const unsure = wanted(instances.filter(isStandalone)).filter(
    (instance) => !inUse.has(instance.id) && !unreadable.has(instance.id),
  );
  const protection = await terminationProtection(clients, target, idsOf(unsure), unreadable);
  const rdsShares = [
    ...(await rdsSnapshotSharing(clients, target, wanted(rdsSnapshots), unreadable)),
    ...(await rdsClusterSnapshotSharing(clients, target, wanted(clusterSnapshots), unreadable)),
  ];
  return {
    ...observed,
    imageSharing: { ...observed.imageSharing, ...Object.fromEntries(sharing.filter(([, who]) => who.length > 0)) },
    snapshotSharing: snapshotShares,
    uses: [...observed.uses, ...protection],
    references: [...observed.references, ...rdsShares],
    unreadable: Object.fromEntries(unreadable),
    ...(chosen ? { attributesRead: chosen } : {}),
  };
}

/**
 * Lists every type the use index needs (each once, at its largest page), then observes what can keep the `judged`
 * types in use, the per-resource attributes for the `candidates` alone: the world a plan, or an action-time check,
 * decides from. `byIds` names one type read by id instead of listed (an action-time check of a batch of that type
 * alone): only those resources, filtered, since none of them can use another of its kind.
 */
export async function readWorld(
  clients: AwsClients,
  target: AwsTarget,
  judged?: ReadonlySet<JanitorType>,
  now?: Date,
  candidates?: AttributeCandidates,
  byIds?: { readonly type: JanitorType; readonly ids: readonly string[] },
): Promise<World> {
  const { getResourceType } = await import('../../core/aws/resources/index.js');
  const listed = await Promise.all(
    [...WORLD_READS, ...selfContained(judged)].map(async (type) => {
      const resourceType = getResourceType(type);
      if (byIds?.type !== type) return [type, await resourceType.list(clients, target)] as const;
      return [type, [...(await resourceType.fresh(clients, target, byIds.ids)).values()]] as const;
    }),
  );
  const records = new Map<string, readonly ResourceRecord[]>(listed);
  return { records, observed: await readObserved(clients, target, { records }, judged, now, candidates) };
}

/**
 * Types a resource of which may use another of the same type: a snapshot copy in progress (EC2 or RDS) uses its
 * source, a security group's rule names other groups. A re-check of these lists the whole type, never the batch
 * alone.
 */
export const SELF_REFERENCING: ReadonlySet<JanitorType> = new Set([
  'snapshot',
  'rds-snapshot',
  'rds-cluster-snapshot',
  'security-group',
]);
