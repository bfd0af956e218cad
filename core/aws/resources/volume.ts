import { DescribeVolumesCommand, type Volume } from '@aws-sdk/client-ec2';
import { ec2FilteredType } from './ec2-filtered.js';
import { tagsOf } from './support.js';

/** EBS volumes. DescribeVolumes pages up to 500. Gone: `deleting` or `deleted`. Name: the `Name` tag. */
export const volumeType = ec2FilteredType<Volume>({
  name: 'volume',
  idField: 'VolumeId',
  nameField: 'Tags.Name',
  permission: 'ec2:DescribeVolumes',
  idPattern: /^vol-[0-9a-f]{8,17}$/,
  idFilter: 'volume-id',
  maxPage: 500,
  minPage: 5,
  describe: async (ec2, input) => {
    const page = await ec2.send(new DescribeVolumesCommand(input));
    return { items: page.Volumes, next: page.NextToken };
  },
  toRecord: (raw) => {
    const tags = tagsOf(raw.Tags);
    return { id: raw.VolumeId ?? '', name: tags.Name, tags, raw };
  },
  isGone: (record) => record.raw.State === 'deleting' || record.raw.State === 'deleted',
});
