import { type AccountRead, type AccountReadKind, accountRead } from './account-read.js';

export const IMAGE_SHARING: AccountReadKind = {
  kind: 'image-sharing',
  service: 'EC2',
  permissions: ['ec2:DescribeImageAttribute'],
};

/**
 * Who else may launch one image (DescribeImageAttribute launchPermission, one image a call: AWS has no batched
 * form): account ids, groups such as `all`, organization and organizational unit ARNs.
 */
export function imageSharedWith(imageId: string): AccountRead<string[]> {
  return accountRead(
    IMAGE_SHARING,
    async (clients, target) => {
      const { DescribeImageAttributeCommand } = await import('@aws-sdk/client-ec2');
      const answer = await clients
        .ec2(target)
        .send(new DescribeImageAttributeCommand({ ImageId: imageId, Attribute: 'launchPermission' }));
      return (answer.LaunchPermissions ?? []).flatMap((permission) =>
        [permission.UserId, permission.Group, permission.OrganizationArn, permission.OrganizationalUnitArn].filter(
          (value): value is string => Boolean(value),
        ),
      );
    },
    { name: `${IMAGE_SHARING.kind}:${imageId}` },
  );
}
