import { DescribeLaunchTemplatesCommand, type EC2Client, type LaunchTemplate } from '@aws-sdk/client-ec2';
import { byId, byIdsOrListing, chunk, collectPages, pageSizeOf, tagsOf, uniqueIds } from './support.js';
import type { ResourceRecord, ResourceType } from './types.js';

/** DescribeLaunchTemplates serves at most 200 per page, and takes as many ids per call. */
const MAX_PAGE = 200;
const NOT_FOUND = ['InvalidLaunchTemplateId.NotFound', 'InvalidLaunchTemplateId.Malformed'];

function toRecord(raw: LaunchTemplate): ResourceRecord<LaunchTemplate> {
  return { id: raw.LaunchTemplateId ?? '', name: raw.LaunchTemplateName, tags: tagsOf(raw.Tags), raw };
}

function describeAll(ec2: EC2Client, pageSize: number, ids?: readonly string[]) {
  return collectPages(async (token) => {
    const page = await ec2.send(
      new DescribeLaunchTemplatesCommand({
        ...(ids ? { LaunchTemplateIds: [...ids] } : {}),
        MaxResults: pageSize,
        ...(token ? { NextToken: token } : {}),
      }),
    );
    return { items: page.LaunchTemplates, next: page.NextToken };
  });
}

/**
 * EC2 launch templates. DescribeLaunchTemplates has no id filter, and `LaunchTemplateIds` fails the whole call with
 * InvalidLaunchTemplateId.NotFound when one id is gone: `fresh` asks by ids (200 a call) and answers a chunk that
 * failed so from one full listing (pages of 200). Name: LaunchTemplateName.
 */
export const launchTemplateType: ResourceType<LaunchTemplate> = {
  name: 'launch-template',
  service: 'EC2',
  idField: 'LaunchTemplateId',
  nameField: 'LaunchTemplateName',
  permissions: ['ec2:DescribeLaunchTemplates'],
  global: false,
  recognisable: true,
  matches: (id) => /^lt-[0-9a-f]{8,17}$/.test(id),
  async list(clients, target, options) {
    return (await describeAll(clients.ec2(target), pageSizeOf(options, MAX_PAGE))).map(toRecord);
  },
  async fresh(clients, target, ids) {
    const ec2 = clients.ec2(target);
    const wanted = uniqueIds(ids);
    const raws = await byIdsOrListing(
      chunk(wanted, MAX_PAGE),
      (some) => describeAll(ec2, MAX_PAGE, some),
      () => describeAll(ec2, MAX_PAGE),
      (raw) => raw.LaunchTemplateId ?? '',
      NOT_FOUND,
    );
    return byId(raws.map(toRecord), undefined, new Set(wanted));
  },
};
