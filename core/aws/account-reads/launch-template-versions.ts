import type { LaunchTemplateVersion } from '@aws-sdk/client-ec2';
import { collectPages } from '../resources/support.js';
import { type AccountRead, type AccountReadKind, accountRead } from './account-read.js';

export const LAUNCH_TEMPLATE_VERSIONS: AccountReadKind = {
  kind: 'launch-template-versions',
  service: 'EC2',
  permissions: ['ec2:DescribeLaunchTemplateVersions'],
};

/**
 * Every version of one launch template (DescribeLaunchTemplateVersions, paged), `resolve:ssm:` image ids resolved
 * by AWS where it can (ResolveAlias).
 */
export function launchTemplateVersions(templateId: string): AccountRead<LaunchTemplateVersion[]> {
  return accountRead(
    LAUNCH_TEMPLATE_VERSIONS,
    async (clients, target) => {
      const { DescribeLaunchTemplateVersionsCommand } = await import('@aws-sdk/client-ec2');
      const ec2 = clients.ec2(target);
      return collectPages(async (token) => {
        const page = await ec2.send(
          new DescribeLaunchTemplateVersionsCommand({
            LaunchTemplateId: templateId,
            ResolveAlias: true,
            NextToken: token,
          }),
        );
        return { items: page.LaunchTemplateVersions, next: page.NextToken };
      });
    },
    { name: `${LAUNCH_TEMPLATE_VERSIONS.kind}:${templateId}` },
  );
}
