import type { TargetGroup } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { EffectContext } from '../../../core/actuator/effect.js';
import { hasErrorCode } from '../../../core/aws/resources/support.js';
import { restoredTags, tagList } from './janitor-restore.js';

type Elbv2 = ReturnType<EffectContext['clients']['elbv2']>;

/** What a target group forwards to and how it is checked: two groups alike in these are the same group to a balancer. */
const SETTINGS = [
  'Protocol',
  'ProtocolVersion',
  'Port',
  'VpcId',
  'TargetType',
  'IpAddressType',
  'HealthCheckProtocol',
  'HealthCheckPort',
  'HealthCheckEnabled',
  'HealthCheckPath',
  'HealthCheckIntervalSeconds',
  'HealthCheckTimeoutSeconds',
  'HealthyThresholdCount',
  'UnhealthyThresholdCount',
  'Matcher',
] as const;

function settingsOf(group: TargetGroup): Partial<TargetGroup> {
  return Object.fromEntries(SETTINGS.flatMap((key) => (group[key] === undefined ? [] : [[key, group[key]]])));
}

/**
 * The group a restore already made (a retry, or the group's own restore before its balancer's), or null; any other
 * of that name is refused. What decides is the Janitor's record (`restoredAs`, the ARN the group's own restore made)
 * and what AWS says of the group, never its tags (anyone able to tag a group could have a balancer forward to it):
 * a group of that name with the deleted one's settings and no target registered is what a retry whose answer was lost
 * left (AWS answers an identical CreateTargetGroup with that group anyway), and forwards nowhere.
 */
async function madeBefore(elbv2: Elbv2, kept: TargetGroup, restoredAs: string | undefined): Promise<string | null> {
  const { DescribeTargetGroupsCommand, DescribeTargetHealthCommand } = await import(
    '@aws-sdk/client-elastic-load-balancing-v2'
  );
  const describe = (input: { Names?: string[]; TargetGroupArns?: string[] }) =>
    elbv2
      .send(new DescribeTargetGroupsCommand(input))
      .then((answer) => answer.TargetGroups?.[0])
      .catch((error: unknown) => {
        if (hasErrorCode(error, ['TargetGroupNotFound', 'TargetGroupNotFoundException'])) return undefined;
        throw error;
      });
  if (restoredAs && (await describe({ TargetGroupArns: [restoredAs] }))) return restoredAs;
  const name = kept.TargetGroupName as string;
  const found = await describe({ Names: [name] });
  if (!found?.TargetGroupArn) return null;
  const sameSettings = JSON.stringify(settingsOf(found)) === JSON.stringify(settingsOf(kept));
  const targets = await elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: found.TargetGroupArn }));
  if (sameSettings && (targets.TargetHealthDescriptions ?? []).length === 0) return found.TargetGroupArn;
  throw new Error(
    `a target group named ${name} exists already (${found.TargetGroupArn}), and the Janitor's record does not say a restore made it: it is left as it is, nothing created`,
  );
}

/**
 * Creates a deleted target group again from its settings as AWS described them (protocol, port, VPC, target type,
 * health check, matcher) with these tags, marked as restored from `from`; answers its new ARN. A retry finds the
 * group it already made (`madeBefore`). Registered targets are not part of it.
 */
export async function targetGroupAgain(
  elbv2: Elbv2,
  kept: TargetGroup,
  tags: Readonly<Record<string, string>>,
  from: string,
  restoredAs?: string,
): Promise<string> {
  const { CreateTargetGroupCommand } = await import('@aws-sdk/client-elastic-load-balancing-v2');
  const name = kept.TargetGroupName;
  if (!name) throw new Error(`the Janitor's record holds no name for target group ${from}`);
  const again = await madeBefore(elbv2, kept, restoredAs);
  if (again) return again;
  const made = await elbv2.send(
    new CreateTargetGroupCommand({
      Name: name,
      ...settingsOf(kept),
      Tags: tagList(restoredTags(tags, from)),
    }),
  );
  const arn = made.TargetGroups?.[0]?.TargetGroupArn;
  if (!arn) throw new Error('CreateTargetGroup answered no ARN');
  return arn;
}
