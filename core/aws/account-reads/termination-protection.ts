import { type AccountRead, type AccountReadKind, accountRead } from './account-read.js';

export const TERMINATION_PROTECTION: AccountReadKind = {
  kind: 'termination-protection',
  service: 'EC2',
  permissions: ['ec2:DescribeInstanceAttribute'],
};

/**
 * Whether one instance is protected from termination (DescribeInstanceAttribute disableApiTermination, one instance
 * a call: AWS has no batched form).
 */
export function terminationProtected(instanceId: string): AccountRead<boolean> {
  return accountRead(
    TERMINATION_PROTECTION,
    async (clients, target) => {
      const { DescribeInstanceAttributeCommand } = await import('@aws-sdk/client-ec2');
      const answer = await clients
        .ec2(target)
        .send(new DescribeInstanceAttributeCommand({ InstanceId: instanceId, Attribute: 'disableApiTermination' }));
      return answer.DisableApiTermination?.Value === true;
    },
    { name: `${TERMINATION_PROTECTION.kind}:${instanceId}` },
  );
}
