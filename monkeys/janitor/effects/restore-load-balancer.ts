import type {
  Certificate,
  IpAddressType,
  Action as ListenerAction,
  LoadBalancerSchemeEnum,
  LoadBalancerTypeEnum,
  ProtocolEnum,
  RuleCondition,
  TargetGroup,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { EffectContext, RecordStore } from '../../../core/actuator/effect.js';
import { hasErrorCode } from '../../../core/aws/resources/support.js';
import { type ConfigOf, type JanitorDeletion, readDeletion } from './janitor-deleted.js';
import {
  asAws,
  createdSinceAsked,
  janitorRestoreEffect,
  noteCreating,
  restoredTags,
  tagList,
} from './janitor-restore.js';
import { targetOf } from './janitor-target.js';
import { targetGroupAgain } from './target-group-again.js';

type Elbv2 = ReturnType<EffectContext['clients']['elbv2']>;

/** Each kept target group's ARN now: the same one when it still exists (deleting a balancer keeps them), else new. */
async function targetGroupsNow(
  elbv2: Elbv2,
  config: ConfigOf<'load-balancer'>,
  deletion: JanitorDeletion,
  ctx: EffectContext,
) {
  const { DescribeTargetGroupsCommand } = await import('@aws-sdk/client-elastic-load-balancing-v2');
  const arns = new Map<string, string>();
  for (const kept of config.targetGroups.map((shape) => asAws<TargetGroup>(shape))) {
    if (!kept.TargetGroupArn || !kept.TargetGroupName) continue;
    const still = await elbv2
      .send(new DescribeTargetGroupsCommand({ TargetGroupArns: [kept.TargetGroupArn] }))
      .then((answer) => answer.TargetGroups?.[0]?.TargetGroupArn)
      .catch((error: unknown) => {
        if (hasErrorCode(error, ['TargetGroupNotFound'])) return undefined;
        throw error;
      });
    if (still) {
      arns.set(kept.TargetGroupArn, still);
      continue;
    }
    // The group's own restore may have made it already: the Janitor's record says which ARN.
    const own = ctx.records ? await readDeletion(ctx.records, deletion, kept.TargetGroupArn) : null;
    arns.set(kept.TargetGroupArn, await targetGroupAgain(elbv2, kept, {}, deletion.resource, own?.restored?.id));
  }
  return arns;
}

/** Actions with their target groups' ARNs as they are now. */
function remapped(actions: readonly ListenerAction[], arns: ReadonlyMap<string, string>): ListenerAction[] {
  const now = (arn: string | undefined) => (arn ? (arns.get(arn) ?? arn) : arn);
  return actions.map((action) => ({
    ...action,
    ...(action.TargetGroupArn ? { TargetGroupArn: now(action.TargetGroupArn) } : {}),
    ...(action.ForwardConfig
      ? {
          ForwardConfig: {
            ...action.ForwardConfig,
            TargetGroups: action.ForwardConfig.TargetGroups?.map((group) => ({
              ...group,
              TargetGroupArn: now(group.TargetGroupArn),
            })),
          },
        }
      : {}),
  }));
}

/** A condition as CreateRule takes it: its typed config alone when it has one (not both it and Values). */
function condition(shape: RuleCondition): RuleCondition {
  const typed = Object.keys(shape).some((key) => key.endsWith('Config'));
  if (!typed) return shape;
  const { Values: _values, ...rest } = shape;
  return rest;
}

/** Listeners and rules on the new balancer; ports and priorities already there (a retry) are left as they are. */
async function listenersAgain(elbv2: Elbv2, arn: string, config: ConfigOf<'load-balancer'>, arns: Map<string, string>) {
  const { CreateListenerCommand, CreateRuleCommand, DescribeListenersCommand, DescribeRulesCommand } = await import(
    '@aws-sdk/client-elastic-load-balancing-v2'
  );
  const present = await elbv2.send(new DescribeListenersCommand({ LoadBalancerArn: arn }));
  const byPort = new Map((present.Listeners ?? []).map((listener) => [listener.Port, listener.ListenerArn]));
  for (const { listener: shape, rules } of config.listeners) {
    const listener = asAws<{
      Port?: number;
      Protocol?: ProtocolEnum;
      SslPolicy?: string;
      Certificates?: Certificate[];
      AlpnPolicy?: string[];
      DefaultActions?: ListenerAction[];
    }>(shape);
    let listenerArn = byPort.get(listener.Port);
    if (!listenerArn) {
      const made = await elbv2.send(
        new CreateListenerCommand({
          LoadBalancerArn: arn,
          ...(listener.Protocol ? { Protocol: listener.Protocol } : {}),
          ...(listener.Port !== undefined ? { Port: listener.Port } : {}),
          ...(listener.SslPolicy ? { SslPolicy: listener.SslPolicy } : {}),
          ...(listener.Certificates?.length ? { Certificates: listener.Certificates } : {}),
          ...(listener.AlpnPolicy?.length ? { AlpnPolicy: listener.AlpnPolicy } : {}),
          DefaultActions: remapped(listener.DefaultActions ?? [], arns),
        }),
      );
      listenerArn = made.Listeners?.[0]?.ListenerArn;
    }
    if (!listenerArn) throw new Error(`the listener on port ${listener.Port} was not created`);
    const existing = await elbv2.send(new DescribeRulesCommand({ ListenerArn: listenerArn }));
    const priorities = new Set((existing.Rules ?? []).map((rule) => rule.Priority));
    for (const rule of rules.map((shape) =>
      asAws<{ Priority?: string; Conditions?: RuleCondition[]; Actions?: ListenerAction[] }>(shape),
    )) {
      if (priorities.has(rule.Priority)) continue;
      await elbv2.send(
        new CreateRuleCommand({
          ListenerArn: listenerArn,
          Priority: Number(rule.Priority),
          Conditions: (rule.Conditions ?? []).map(condition),
          Actions: remapped(rule.Actions ?? [], arns),
        }),
      );
    }
  }
}

/**
 * The balancer created again under its name. CreateLoadBalancer answers an existing balancer of that name and the same
 * settings instead of failing, so the answer is this restore's only if AWS says it was created since the restore
 * first asked (the Janitor's record); anyone else's gets no listener or rule, and the restore fails.
 */
async function balancerAgain(
  elbv2: Elbv2,
  deletion: JanitorDeletion,
  config: ConfigOf<'load-balancer'>,
  store: RecordStore,
) {
  const { CreateLoadBalancerCommand } = await import('@aws-sdk/client-elastic-load-balancing-v2');
  const asked = await noteCreating(store, deletion);
  const made = await elbv2.send(
    new CreateLoadBalancerCommand({
      Name: config.name,
      Subnets: config.subnets,
      ...(config.securityGroups.length > 0 ? { SecurityGroups: config.securityGroups } : {}),
      ...(config.scheme ? { Scheme: config.scheme as LoadBalancerSchemeEnum } : {}),
      ...(config.balancerType ? { Type: config.balancerType as LoadBalancerTypeEnum } : {}),
      ...(config.ipAddressType ? { IpAddressType: config.ipAddressType as IpAddressType } : {}),
      Tags: tagList(restoredTags(config.tags, deletion.resource)),
    }),
  );
  const balancer = made.LoadBalancers?.[0];
  const arn = balancer?.LoadBalancerArn;
  if (!arn) throw new Error('CreateLoadBalancer answered no ARN');
  if (!createdSinceAsked(asked, balancer.CreatedTime))
    throw new Error(
      `a load balancer named ${config.name} exists already (${arn}), and the Janitor's record does not say a restore made it: no listener or rule is added to it, nothing restored`,
    );
  return arn;
}

/**
 * An ALB/NLB the Janitor deleted, created again under its name with its subnets, security groups, scheme, type and
 * tags; its target groups (the same ones when they still exist), listeners and rules. Its ARN and DNS name are new.
 */
export const restoreLoadBalancer = janitorRestoreEffect({
  kind: 'restore-load-balancer',
  type: 'load-balancer',
  description: "Create a deleted ALB/NLB again, with its listeners, rules and target groups, from the Janitor's record",
  permissions: [
    'elasticloadbalancing:CreateLoadBalancer',
    'elasticloadbalancing:CreateTargetGroup',
    'elasticloadbalancing:CreateListener',
    'elasticloadbalancing:CreateRule',
    'elasticloadbalancing:AddTags',
    'elasticloadbalancing:DescribeTargetGroups',
    'elasticloadbalancing:DescribeListeners',
    'elasticloadbalancing:DescribeRules',
    'elasticloadbalancing:DescribeTargetHealth',
  ],
  pacing: 'elasticloadbalancing:CreateLoadBalancer',
  async restoreOne(deletion, config, ctx) {
    const elbv2 = ctx.clients.elbv2(targetOf(deletion, ctx));
    if (!ctx.records)
      throw new Error("the Janitor's record of deletions (Redis) is not available: nothing is restored");
    // The balancer first: if AWS answers with someone else's, nothing else is made.
    const arn = await balancerAgain(elbv2, deletion, config, ctx.records);
    const arns = await targetGroupsNow(elbv2, config, deletion, ctx);
    await listenersAgain(elbv2, arn, config, arns);
    return arn;
  },
});
