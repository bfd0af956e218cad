import { DescribeInstancesCommand, type Instance } from '@aws-sdk/client-ec2';
import { awsErrorCode } from '../aws-error.js';
import { ec2FilteredType } from './ec2-filtered.js';
import { tagsOf } from './support.js';

/** States in which an instance is gone for simian (AWS keeps terminated instances visible for about an hour). */
export const GONE_INSTANCE_STATES: readonly string[] = ['shutting-down', 'terminated'];

/**
 * EC2 instances. DescribeInstances pages up to 1000 (AWS counts instances, moto counts reservations). `fresh` asks
 * 1,000 InstanceIds a call where that costs fewer calls than filters of 200 (an unknown id fails such a call naming
 * it: it is dropped and the rest asked again). Name: the `Name` tag.
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
  // 1,000 InstanceIds a call (no page size beside ids; moto still pages the answer, by 100 reservations).
  byIds: {
    perCall: 1000,
    describe: async (ec2, ids, token) => {
      const page = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [...ids], NextToken: token }));
      return { items: (page.Reservations ?? []).flatMap((r) => r.Instances ?? []), next: page.NextToken };
    },
    unknownIdsOf: (error) =>
      awsErrorCode(error) === 'InvalidInstanceID.NotFound' && error instanceof Error
        ? (error.message.match(/i-[0-9a-f]+/g) ?? [])
        : [],
  },
});
