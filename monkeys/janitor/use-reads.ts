import type { AutoScalingGroup } from '@aws-sdk/client-auto-scaling';
import type { Instance, Snapshot } from '@aws-sdk/client-ec2';
import type { Action as ListenerAction, LoadBalancer } from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  balancerListeners,
  instanceInterfaces,
  lifecycleHooks,
  listenerRules,
  routeTables,
  scheduledActions,
  snapshotSharedWith,
  ssmParameters,
  ssmParameterValues,
  terminationProtected,
  warmPool,
} from '../../core/aws/account-reads/index.js';
import type { AwsClients, AwsTarget } from '../../core/aws/clients.js';
import { mapLimit } from '../../core/aws/resources/support.js';
import type { ResourceRecord } from '../../core/aws/resources/types.js';
import { metricDatapoints } from '../doctor/observe.js';
import type { MetricRule } from '../doctor/params.js';

/**
 * The reads behind every use the listings do not show, one function per kind of use, each made of declared reads
 * (core/aws/account-reads). Each answers what it found and, for what it could not read, which resources that leaves
 * in doubt and why: the caller counts those as in use (fail closed) and reports them.
 */

/** Parallel describe calls per kind of read (one per image, snapshot, template, listener, instance or group). */
export const IN_FLIGHT = 5;

/**
 * Parallel calls of the per-candidate attribute reads (who may use an image or snapshot, termination protection):
 * AWS has no batched form, so there is one call per candidate, and a sweep of many waits on their latency. Bounded
 * well under EC2's Describe throttle (100 burst, 20 a second refilled), through the run's clients like every read,
 * so each is counted and retried with backoff when throttled.
 */
export const ATTRIBUTE_IN_FLIGHT = 12;

/** A use found beside the listings: `id` is used by `by` (in words). */
export interface FoundUse {
  readonly id: string;
  readonly by: string;
}

/** What a read could not establish: resource id → why its uses are unknown. */
export type Unreadable = Map<string, string>;

function messageOf(error: unknown): string {
  const named = error as { name?: string; message?: string };
  return [named.name, named.message].filter(Boolean).join(': ').slice(0, 200) || String(error);
}

/**
 * Runs one read; if it fails, every id in `doubt` is unreadable (`what` could not be read, and why) and `fallback`
 * is answered, so one failed read keeps what it concerns and nothing else from being judged.
 */
export async function readOrDoubt<T>(
  what: string,
  doubt: readonly string[],
  unreadable: Unreadable,
  fallback: T,
  read: () => Promise<T>,
): Promise<T> {
  try {
    return await read();
  } catch (error) {
    for (const id of doubt)
      if (!unreadable.has(id)) unreadable.set(id, `${what} could not be read (${messageOf(error)})`);
    return fallback;
  }
}

/**
 * Who else may create volumes from each completed snapshot (DescribeSnapshotAttribute createVolumePermission, one a
 * call), by id. Snapshots an image maps are skipped: the image keeps them whoever else may use them.
 */
export async function snapshotSharing(
  clients: AwsClients,
  target: AwsTarget,
  snapshots: readonly ResourceRecord<Snapshot>[],
  mappedByImages: ReadonlySet<string>,
  unreadable: Unreadable,
): Promise<Record<string, string[]>> {
  const completed = snapshots.filter(
    (snapshot) => snapshot.raw.State === 'completed' && !mappedByImages.has(snapshot.id),
  );
  const found = await mapLimit(completed, ATTRIBUTE_IN_FLIGHT, (snapshot) =>
    readOrDoubt(`who may use snapshot ${snapshot.id}`, [snapshot.id], unreadable, [], () =>
      snapshotSharedWith(snapshot.id).read(clients, target),
    ).then((who) => [snapshot.id, who] as const),
  );
  return Object.fromEntries(found.filter(([, who]) => who.length > 0));
}

/** One listener of a load balancer: what it answers by itself (redirects, fixed responses) and where it forwards. */
export interface ListenerUse {
  readonly listener: string;
  readonly answers: readonly string[];
  readonly forwardsTo: readonly string[];
}

/** Action types with which a listener answers a request by itself, target or not. */
const SELF_ANSWERING = new Set(['redirect', 'fixed-response']);

function forwardTargets(action: ListenerAction): string[] {
  const weighted = (action.ForwardConfig?.TargetGroups ?? []).flatMap((group) => group.TargetGroupArn ?? []);
  return [...(action.TargetGroupArn ? [action.TargetGroupArn] : []), ...weighted];
}

function addActions(actions: readonly ListenerAction[], answers: Set<string>, forwardsTo: Set<string>): void {
  for (const action of actions) {
    if (action.Type && SELF_ANSWERING.has(action.Type)) answers.add(action.Type);
    for (const group of forwardTargets(action)) forwardsTo.add(group);
  }
}

/**
 * Every listener of every ELBv2 balancer (DescribeListeners, one balancer a call) and, where the default actions
 * only forward, its rules (DescribeRules): a rule may redirect or answer by itself, or forward elsewhere.
 */
export async function listenerUses(
  clients: AwsClients,
  target: AwsTarget,
  balancers: readonly ResourceRecord<LoadBalancer>[],
  unreadable: Unreadable,
): Promise<Record<string, ListenerUse[]>> {
  const found = await mapLimit(balancers, IN_FLIGHT, (balancer) =>
    readOrDoubt(`the listeners of ${balancer.name ?? balancer.id}`, [balancer.id], unreadable, [], async () => {
      const listeners = await balancerListeners(balancer.id).read(clients, target);
      const uses: ListenerUse[] = [];
      for (const listener of listeners) {
        const answers = new Set<string>();
        const forwardsTo = new Set<string>();
        addActions(listener.DefaultActions ?? [], answers, forwardsTo);
        if (answers.size === 0 && listener.ListenerArn) {
          const rules = await listenerRules(listener.ListenerArn).read(clients, target);
          for (const rule of rules) addActions(rule.Actions ?? [], answers, forwardsTo);
        }
        uses.push({
          listener: `${listener.Protocol ?? 'listener'}:${listener.Port ?? '?'}`,
          answers: [...answers],
          forwardsTo: [...forwardsTo],
        });
      }
      return uses;
    }).then((uses) => [balancer.id, uses] as const),
  );
  return Object.fromEntries(found);
}

const ALIAS = /^resolve:ssm:(.+)$/;
const AMI_ID = /\bami-[0-9a-f]{8,17}\b/g;

/**
 * AMI ids held in SSM: every String/StringList parameter's value (DescribeParameters, 50 a page; GetParameters, 10
 * names a call) naming an `ami-…` is a use of that image, and every `resolve:ssm:` alias of a launch template
 * version that AWS left unresolved is resolved here. A failed read leaves every image in doubt; an alias naming no
 * parameter too (it may be another account's, or the read was refused).
 */
export async function imageParameterUses(
  clients: AwsClients,
  target: AwsTarget,
  aliases: readonly string[],
  images: readonly string[],
  unreadable: Unreadable,
): Promise<{ uses: FoundUse[]; resolved: Map<string, string> }> {
  const empty = { uses: [], resolved: new Map<string, string>() };
  if (images.length === 0) return empty;
  return readOrDoubt('the SSM parameters that may hold AMI ids', images, unreadable, empty, async () => {
    const listed = await ssmParameters.read(clients, target);
    const plain = listed.filter((parameter) => parameter.Type !== 'SecureString').flatMap((p) => p.Name ?? []);
    const values = await ssmParameterValues([...plain, ...aliases]).read(clients, target);
    const uses = plain.flatMap((name) =>
      [...(values.get(name)?.match(AMI_ID) ?? [])].map((id) => ({ id, by: `SSM parameter ${name}` })),
    );
    const resolved = new Map<string, string>();
    for (const alias of aliases) {
      const value = values.get(alias)?.match(AMI_ID)?.[0];
      if (!value) throw new Error(`resolve:ssm:${alias} names no readable parameter holding an AMI id`);
      resolved.set(alias, value);
    }
    return { uses, resolved };
  });
}

/** The parameter a `resolve:ssm:` image id names (undefined for a plain AMI id). */
export function aliasOf(imageId: string | undefined): string | undefined {
  return imageId?.match(ALIAS)?.[1];
}

/** Scheduled actions, warm pools and lifecycle hooks: what says a group at 0 will be used again. */
export async function groupUses(
  clients: AwsClients,
  target: AwsTarget,
  groups: readonly ResourceRecord<AutoScalingGroup>[],
  unreadable: Unreadable,
): Promise<FoundUse[]> {
  const atZero = groups.filter((group) => (group.raw.Instances ?? []).length === 0 && !group.raw.DesiredCapacity);
  if (atZero.length === 0) return [];
  const names = atZero.map((group) => group.id);
  const scheduled = await readOrDoubt('scheduled actions', names, unreadable, [], () =>
    scheduledActions.read(clients, target),
  );
  const uses: FoundUse[] = scheduled.flatMap((action) =>
    action.AutoScalingGroupName && names.includes(action.AutoScalingGroupName)
      ? [
          {
            id: action.AutoScalingGroupName,
            by: `scheduled action ${action.ScheduledActionName} (${action.Recurrence ?? action.StartTime?.toISOString() ?? 'once'}, desired ${action.DesiredCapacity ?? '-'}, min ${action.MinSize ?? '-'})`,
          },
        ]
      : [],
  );
  const perGroup = await mapLimit(names, IN_FLIGHT, async (name) => {
    const found: FoundUse[] = [];
    const pool = await readOrDoubt(`the warm pool of ${name}`, [name], unreadable, undefined, () =>
      warmPool(name).read(clients, target),
    );
    if (pool) found.push({ id: name, by: `warm pool (min ${pool.MinSize ?? 0})` });
    const hooks = await readOrDoubt(`the lifecycle hooks of ${name}`, [name], unreadable, [], () =>
      lifecycleHooks(name).read(clients, target),
    );
    for (const hook of hooks) found.push({ id: name, by: `lifecycle hook ${hook.LifecycleHookName}` });
    return found;
  });
  return [...uses, ...perGroup.flat()];
}

/** The lookback of the activity check, and what counts as activity in any hour of it. */
const ACTIVITY_WINDOW_MS = 14 * 86_400_000;
const HOUR_S = 3600;
export const ACTIVE_CPU_PERCENT = 5;
export const ACTIVE_NETWORK_BYTES = 5 * 1024 * 1024;

function activityRule(metric: string, statistic: 'Maximum' | 'Sum', threshold: number): MetricRule {
  return {
    id: `janitor-${metric.toLowerCase()}`,
    source: 'metric',
    metric,
    namespace: 'AWS/EC2',
    statistic,
    comparison: '>=',
    threshold,
    for: ACTIVITY_WINDOW_MS,
    period: HOUR_S * 1000,
    remedy: 'notify',
    severity: 'info',
  };
}

const ACTIVITY_RULES = [
  activityRule('CPUUtilization', 'Maximum', ACTIVE_CPU_PERCENT),
  activityRule('NetworkIn', 'Sum', ACTIVE_NETWORK_BYTES),
  activityRule('NetworkOut', 'Sum', ACTIVE_NETWORK_BYTES),
];

/** An instance in no group: the instances whose uses Janitor must read beyond the listings. */
export function isStandalone(instance: ResourceRecord<Instance>): boolean {
  const state = instance.raw.State?.Name ?? '';
  return instance.tags['aws:autoscaling:groupName'] === undefined && !['shutting-down', 'terminated'].includes(state);
}

/**
 * What keeps a standalone instance in use beyond groups and balancers: a route table sending traffic to it (or to
 * one of its interfaces), a second network interface, and CPU or network activity in the last 14 days
 * (GetMetricData, hourly). Also answers each interface's instance (an Elastic IP may name either). Termination
 * protection, one call per instance, is `terminationProtection`, asked of the candidates alone.
 */
export async function instanceUses(
  clients: AwsClients,
  target: AwsTarget,
  instances: readonly ResourceRecord<Instance>[],
  unreadable: Unreadable,
  now: Date,
): Promise<{ uses: FoundUse[]; interfaces: Record<string, string> }> {
  const ids = instances.filter(isStandalone).map((instance) => instance.id);
  if (ids.length === 0) return { uses: [], interfaces: {} };
  const uses: FoundUse[] = [];
  const interfaces: Record<string, string> = {};

  const attached = await readOrDoubt('network interfaces', ids, unreadable, [], () =>
    instanceInterfaces(ids).read(clients, target),
  );
  for (const eni of attached) {
    const instance = eni.Attachment?.InstanceId;
    if (!instance || !eni.NetworkInterfaceId) continue;
    interfaces[eni.NetworkInterfaceId] = instance;
    if ((eni.Attachment?.DeviceIndex ?? 0) > 0) {
      uses.push({
        id: instance,
        by: `network interface ${eni.NetworkInterfaceId} (device ${eni.Attachment?.DeviceIndex})`,
      });
    }
  }
  const metrics = await readOrDoubt('CPU and network activity (CloudWatch)', ids, unreadable, new Map(), () =>
    metricDatapoints(clients, target, ACTIVITY_RULES, ids, now),
  );
  for (const rule of ACTIVITY_RULES) {
    for (const [id, values] of metrics.get(rule.id) ?? []) {
      const peak = Math.max(...values);
      if (values.length > 0 && peak >= rule.threshold) {
        uses.push({ id, by: `${rule.metric} ${rule.statistic.toLowerCase()} ${peak} in an hour of the last 14 days` });
      }
    }
  }
  const tables = await readOrDoubt('route tables', ids, unreadable, [], () => routeTables.read(clients, target));
  for (const table of tables) {
    for (const route of table.Routes ?? []) {
      const instance =
        route.InstanceId ?? (route.NetworkInterfaceId ? interfaces[route.NetworkInterfaceId] : undefined);
      if (!instance || !ids.includes(instance)) continue;
      const destination = route.DestinationCidrBlock ?? route.DestinationIpv6CidrBlock ?? route.DestinationPrefixListId;
      uses.push({ id: instance, by: `route table ${table.RouteTableId} (${destination} goes through it)` });
    }
  }
  return { uses, interfaces };
}

/**
 * Termination protection (DescribeInstanceAttribute disableApiTermination): AWS has no batched form, so it costs a
 * call per instance and is asked only of the candidates (`ids`: instances nothing else showed in use).
 */
export async function terminationProtection(
  clients: AwsClients,
  target: AwsTarget,
  ids: readonly string[],
  unreadable: Unreadable,
): Promise<FoundUse[]> {
  const protectedOnes = await mapLimit(ids, ATTRIBUTE_IN_FLIGHT, (id) =>
    readOrDoubt(`the termination protection of ${id}`, [id], unreadable, false, () =>
      terminationProtected(id).read(clients, target),
    ),
  );
  return ids.flatMap((id, index) =>
    protectedOnes[index] ? [{ id, by: 'termination protection (disableApiTermination)' }] : [],
  );
}
