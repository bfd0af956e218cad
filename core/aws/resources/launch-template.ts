import { DescribeLaunchTemplatesCommand, type EC2Client, type LaunchTemplate } from '@aws-sdk/client-ec2';
import { byIdsType } from './by-ids.js';
import { tagsOf } from './support.js';

/** DescribeLaunchTemplates serves at most 200 per page, and takes as many ids per call. */
const MAX_PAGE = 200;

/**
 * EC2 launch templates. DescribeLaunchTemplates has no id filter, and `LaunchTemplateIds` fails the whole call with
 * InvalidLaunchTemplateId.NotFound when one id is gone: `fresh` asks by ids (200 a call) and answers a chunk that
 * failed so from one full listing (pages of 200). Name: LaunchTemplateName.
 */
export const launchTemplateType = byIdsType<EC2Client, LaunchTemplate>({
  name: 'launch-template',
  service: 'EC2',
  idField: 'LaunchTemplateId',
  nameField: 'LaunchTemplateName',
  permissions: ['ec2:DescribeLaunchTemplates'],
  recognisable: true,
  idPattern: /^lt-[0-9a-f]{8,17}$/,
  client: (clients, target) => clients.ec2(target),
  describe: async (ec2, { ids, pageSize, token }) => {
    const page = await ec2.send(
      new DescribeLaunchTemplatesCommand({ LaunchTemplateIds: ids, MaxResults: pageSize, NextToken: token }),
    );
    return { items: page.LaunchTemplates, next: page.NextToken };
  },
  maxPage: MAX_PAGE,
  idsPerCall: MAX_PAGE,
  notFound: ['InvalidLaunchTemplateId.NotFound', 'InvalidLaunchTemplateId.Malformed'],
  idOf: (raw) => raw.LaunchTemplateId ?? '',
  toRecords: (_, raws) =>
    raws.map((raw) => ({ id: raw.LaunchTemplateId ?? '', name: raw.LaunchTemplateName, tags: tagsOf(raw.Tags), raw })),
});
