import { DescribeImagesCommand, type Image } from '@aws-sdk/client-ec2';
import { ec2FilteredType } from './ec2-filtered.js';
import { ownerFilters } from './snapshot.js';
import { tagsOf } from './support.js';

/**
 * AMIs the account owns (`Owners: ['self']`, plus an `owner-id` filter when the target names its account), disabled
 * ones included. DescribeImages pages up to 1000. Gone: `deregistered`. Name: the image's Name.
 */
export const imageType = ec2FilteredType<Image>({
  name: 'image',
  idField: 'ImageId',
  nameField: 'Name',
  permission: 'ec2:DescribeImages',
  idPattern: /^ami-[0-9a-f]{8,17}$/,
  idFilter: 'image-id',
  maxPage: 1000,
  minPage: 1,
  baseFilters: ownerFilters,
  describe: async (ec2, input) => {
    const page = await ec2.send(new DescribeImagesCommand({ ...input, Owners: ['self'], IncludeDisabled: true }));
    return { items: page.Images, next: page.NextToken };
  },
  toRecord: (raw) => ({ id: raw.ImageId ?? '', name: raw.Name, tags: tagsOf(raw.Tags), raw }),
  isGone: (record) => record.raw.State === 'deregistered',
});
