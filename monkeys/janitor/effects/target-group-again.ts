import type { TargetGroup } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { EffectContext } from '../../../core/actuator/effect.js';
import { hasErrorCode } from '../../../core/aws/resources/support.js';
import { RESTORED_FROM_TAG, restoredTags, tagList } from './janitor-restore.js';

type Elbv2 = ReturnType<EffectContext['clients']['elbv2']>;

/**
 * The group of that name a restore already made from these origins (a retry, or the group's own restore before its
 * balancer's), or null; one a restore did not make is refused.
 */
async function madeBefore(elbv2: Elbv2, name: string, origins: readonly string[]): Promise<string | null> {
  const { DescribeTagsCommand, DescribeTargetGroupsCommand } = await import(
    '@aws-sdk/client-elastic-load-balancing-v2'
  );
  const found = await elbv2
    .send(new DescribeTargetGroupsCommand({ Names: [name] }))
    .then((answer) => answer.TargetGroups?.[0]?.TargetGroupArn)
    .catch((error: unknown) => {
      if (hasErrorCode(error, ['TargetGroupNotFound', 'TargetGroupNotFoundException'])) return undefined;
      throw error;
    });
  if (!found) return null;
  const tags = await elbv2.send(new DescribeTagsCommand({ ResourceArns: [found] }));
  const origin = tags.TagDescriptions?.[0]?.Tags?.find((tag) => tag.Key === RESTORED_FROM_TAG)?.Value;
  if (origin && origins.includes(origin)) return found;
  throw new Error(`a target group named ${name} exists already (${found}), not made by this restore: nothing created`);
}

/**
 * Creates a deleted target group again from its settings as AWS described them (protocol, port, VPC, target type,
 * health check, matcher) with these tags, marked as restored from `from`; answers its new ARN. A retry finds the
 * group it already made. Registered targets are not part of it.
 */
export async function targetGroupAgain(
  elbv2: Elbv2,
  kept: TargetGroup,
  tags: Readonly<Record<string, string>>,
  from: string,
): Promise<string> {
  const { CreateTargetGroupCommand } = await import('@aws-sdk/client-elastic-load-balancing-v2');
  const name = kept.TargetGroupName;
  if (!name) throw new Error(`the Janitor's record holds no name for target group ${from}`);
  const again = await madeBefore(elbv2, name, [from, ...(kept.TargetGroupArn ? [kept.TargetGroupArn] : [])]);
  if (again) return again;
  const settings = {
    Protocol: kept.Protocol,
    ProtocolVersion: kept.ProtocolVersion,
    Port: kept.Port,
    VpcId: kept.VpcId,
    TargetType: kept.TargetType,
    IpAddressType: kept.IpAddressType,
    HealthCheckProtocol: kept.HealthCheckProtocol,
    HealthCheckPort: kept.HealthCheckPort,
    HealthCheckEnabled: kept.HealthCheckEnabled,
    HealthCheckPath: kept.HealthCheckPath,
    HealthCheckIntervalSeconds: kept.HealthCheckIntervalSeconds,
    HealthCheckTimeoutSeconds: kept.HealthCheckTimeoutSeconds,
    HealthyThresholdCount: kept.HealthyThresholdCount,
    UnhealthyThresholdCount: kept.UnhealthyThresholdCount,
    Matcher: kept.Matcher,
  };
  const made = await elbv2.send(
    new CreateTargetGroupCommand({
      Name: name,
      ...Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined)),
      Tags: tagList(restoredTags(tags, from)),
    }),
  );
  const arn = made.TargetGroups?.[0]?.TargetGroupArn;
  if (!arn) throw new Error('CreateTargetGroup answered no ARN');
  return arn;
}
