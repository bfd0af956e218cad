import { type AccountRead, type AccountReadKind, accountRead } from './account-read.js';

export const TARGET_HEALTH: AccountReadKind = {
  kind: 'target-health',
  service: 'ELBv2',
  permissions: ['elasticloadbalancing:DescribeTargetHealth'],
};

/** The ids of every target registered in one target group, whatever their health (DescribeTargetHealth). */
export function registeredTargets(targetGroupArn: string): AccountRead<string[]> {
  return accountRead(
    TARGET_HEALTH,
    async (clients, target) => {
      const { DescribeTargetHealthCommand } = await import('@aws-sdk/client-elastic-load-balancing-v2');
      const answer = await clients
        .elbv2(target)
        .send(new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn }));
      return (answer.TargetHealthDescriptions ?? []).flatMap((health) => health.Target?.Id ?? []);
    },
    { name: `${TARGET_HEALTH.kind}:${targetGroupArn}` },
  );
}
