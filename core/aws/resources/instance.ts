import { DescribeInstancesCommand, type Instance } from '@aws-sdk/client-ec2';
import { ec2FilteredType } from './ec2-filtered.js';
import { tagsOf } from './support.js';

/** States in which an instance is gone for simian (AWS keeps terminated instances visible for about an hour). */
export const GONE_INSTANCE_STATES: readonly string[] = ['shutting-down', 'terminated'];

/**
 * EC2 instances. DescribeInstances pages up to 1000 (AWS counts instances, moto counts reservations). Name: the
 * `Name` tag.
 */
export const instanceType = ec2FilteredType<Instance>({
  name: 'instance',
  idField: 'InstanceId',
  nameField: 'Tags.Name',
  permission: 'ec2:DescribeInstances',
  idPattern: /^i-[0-9a-f]{8,17}$/,
  idFilter: 'instance-id',
  maxPage: 1000,
  minPage: 5,
  describe: async (ec2, input) => {
    const page = await ec2.send(new DescribeInstancesCommand(input));
    return { items: (page.Reservations ?? []).flatMap((r) => r.Instances ?? []), next: page.NextToken };
  },
  toRecord: (raw) => {
    const tags = tagsOf(raw.Tags);
    return { id: raw.InstanceId ?? '', name: tags.Name, tags, raw };
  },
  isGone: (record) => GONE_INSTANCE_STATES.includes(record.raw.State?.Name ?? ''),
});
