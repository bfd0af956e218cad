import { TerminateInstancesCommand } from '@aws-sdk/client-ec2';
import { z } from 'zod';
import { toGroup } from '../../aws/inventory.js';
import { formatDuration } from '../../config/duration.js';
import type { Group } from '../../fleet/model.js';
import { SEVERITIES } from '../../notify/alert.js';
import type { Action } from '../../plan/action.js';
import type { QuarantineRecord } from '../../safety/doctor-record.js';
import type { Effect, EffectContext } from '../effect.js';
import { doctorRecordOf } from './doctor-record-of.js';
import { ec2DryRun } from './ec2-dry-run.js';
import { autoScalingFor } from './group-subnets.js';
import { ec2Target, instanceIds, stateChangeOutcomes } from './instance-state-change.js';
import { groupName } from './param-shapes.js';

/** DescribeAutoScalingInstances takes 50 ids, DescribeAutoScalingGroups 100 names. */
const INSTANCES_PER_CALL = 50;
const GROUPS_PER_CALL = 100;

const params = z.strictObject({
  /** The group its tags say it was quarantined from: Doctor's record must agree. */
  group: groupName,
  /** How long Doctor keeps a quarantined instance, from the time in its record. */
  graceMs: z.number().int().min(0),
  /** The run's time when it planned the termination. */
  plannedAt: z.iso.datetime(),
  /** The owner told once it is terminated (null: the gateway's fallback decides). */
  owner: z.string().min(1).nullable(),
  severity: z.enum(SEVERITIES),
});
type Params = z.infer<typeof params>;

const paramsOf = (action: Action) => action.params as Params;

/** The groups that hold any of these instances now (a person may have attached one back). */
async function membershipOf(actions: readonly Action[], ctx: EffectContext): Promise<Map<string, string>> {
  const { DescribeAutoScalingInstancesCommand } = await import('@aws-sdk/client-auto-scaling');
  const member = new Map<string, string>();
  const client = autoScalingFor(actions[0] as Action, ctx);
  const ids = instanceIds(actions);
  for (let start = 0; start < ids.length; start += INSTANCES_PER_CALL) {
    const answer = await client.send(
      new DescribeAutoScalingInstancesCommand({ InstanceIds: ids.slice(start, start + INSTANCES_PER_CALL) }),
    );
    for (const instance of answer.AutoScalingInstances ?? []) {
      if (instance.InstanceId && instance.AutoScalingGroupName)
        member.set(instance.InstanceId, instance.AutoScalingGroupName);
    }
  }
  return member;
}

/** The recorded groups as AWS describes them now (absent: deleted). */
async function groupsNamed(names: readonly string[], actions: readonly Action[], ctx: EffectContext) {
  const { DescribeAutoScalingGroupsCommand } = await import('@aws-sdk/client-auto-scaling');
  const found = new Map<string, Group>();
  const client = autoScalingFor(actions[0] as Action, ctx);
  for (let start = 0; start < names.length; start += GROUPS_PER_CALL) {
    const page = names.slice(start, start + GROUPS_PER_CALL);
    const answer = await client.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: page }));
    for (const asg of answer.AutoScalingGroups ?? []) found.set(asg.AutoScalingGroupName ?? '', toGroup(asg));
  }
  return found;
}

/** Why one quarantined instance must be kept, from Doctor's record and a fresh read (null: it may go). */
function keepReason(
  action: Action,
  record: QuarantineRecord | undefined,
  groups: ReadonlyMap<string, Group>,
  member: ReadonlyMap<string, string>,
  ctx: EffectContext,
): string | null {
  if (!record) return "quarantine tags without Doctor's record: not Doctor's to act on";
  const { group: tagged, graceMs, plannedAt } = paramsOf(action);
  if (record.group !== tagged) {
    return `Doctor's record says it was quarantined from ${record.group}, its tags say ${tagged}: kept`;
  }
  const due = new Date(new Date(record.at).getTime() + graceMs);
  if (Number.isNaN(due.getTime()) || due > new Date(plannedAt)) {
    return `Doctor quarantined it from ${record.group} at ${record.at}; terminated after ${due.toISOString()}`;
  }
  const now = member.get(action.resource);
  if (now) return `it is in group ${now} again: no longer quarantined`;
  const group = groups.get(record.group);
  if (!group) return `its group ${record.group} no longer exists: the quarantined instance is kept`;
  if (!ctx.optIn) return 'no opt-in decision at hand: the quarantined instance is kept';
  const decision = ctx.optIn(group);
  return decision.eligible ? null : decision.reason;
}

/**
 * Terminates instances Doctor quarantined, once their grace period is over: only those Doctor's own record names
 * (tags can be copied onto any instance), quarantined from the group their tags say, out of every group, and while
 * that group still opts in to Doctor, all read right before the call (dry runs too). Then the record is forgotten
 * and the owner told. Cannot be undone.
 */
export const terminateQuarantined: Effect = {
  kind: 'terminate-quarantined',
  description: "Terminate instances Doctor quarantined, past their grace period (Doctor's record required)",
  permissions: [
    'ec2:TerminateInstances',
    'autoscaling:DescribeAutoScalingInstances',
    'autoscaling:DescribeAutoScalingGroups',
    'sns:Publish',
    'ses:SendEmail',
  ],
  batchSize: 1000,
  pacing: 'ec2:TerminateInstances',
  capped: 'instance',
  paramsSchema: params,
  async reach(actions, ctx) {
    const record = doctorRecordOf(actions[0] as Action, ctx);
    if (!record) {
      const reason = "Doctor's record unknown (no Redis): the quarantined instance is kept";
      return new Map(actions.map((action) => [action.resource, reason]));
    }
    const records = await record.quarantinesOf(instanceIds(actions));
    const names = [...new Set([...records.values()].map((found) => found.group))];
    const [groups, member] = await Promise.all([groupsNamed(names, actions, ctx), membershipOf(actions, ctx)]);
    const verdicts = new Map<string, string>();
    for (const action of actions) {
      const reason = keepReason(action, records.get(action.resource), groups, member, ctx);
      if (reason) verdicts.set(action.resource, reason);
    }
    return verdicts;
  },
  async apply(actions, ctx) {
    const record = doctorRecordOf(actions[0] as Action, ctx);
    if (!record) {
      return actions.map((action) => ({ resource: action.resource, ok: false, error: "no Doctor's record (Redis)" }));
    }
    const records = await record.quarantinesOf(instanceIds(actions));
    const ours = actions.filter((action) => records.has(action.resource));
    const outcomes =
      ours.length === 0
        ? []
        : stateChangeOutcomes(
            ours,
            (
              await ctx.clients
                .ec2(ec2Target(ours, ctx.roleArn))
                .send(new TerminateInstancesCommand({ InstanceIds: instanceIds(ours) }))
            ).TerminatingInstances,
            ['terminated', 'shutting-down'],
          );
    for (const outcome of outcomes) {
      const found = records.get(outcome.resource);
      const action = ours.find((candidate) => candidate.resource === outcome.resource);
      if (!outcome.ok || !found || !action) continue;
      await record.forgetQuarantine(found.group, outcome.resource).catch(() => undefined);
      const { owner, severity, graceMs } = paramsOf(action);
      ctx.alerts?.notify({
        cluster: found.group,
        severity,
        desc: `${outcome.resource}, quarantined from ${found.group} at ${found.at}, is terminated: its grace period of ${formatDuration(graceMs)} is over`,
        incidentKey: `doctor:${outcome.resource}:quarantine-over`,
        owner,
        monkey: 'doctor',
        resource: outcome.resource,
        account: action.account,
        region: action.region,
      });
    }
    // Its record vanished since the reach check (another run terminated it): nothing to do here.
    const gone = actions
      .filter((action) => !records.has(action.resource))
      .map((action) => ({
        resource: action.resource,
        ok: false,
        error: "Doctor's record of it is gone: not terminated",
      }));
    return [...outcomes, ...gone];
  },
  verify(actions, ctx) {
    const ec2 = ctx.clients.ec2(ec2Target(actions, ctx.roleArn));
    return ec2DryRun(() =>
      ec2.send(new TerminateInstancesCommand({ InstanceIds: instanceIds(actions), DryRun: true })),
    );
  },
};
