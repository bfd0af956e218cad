import { DescribeSubnetsCommand, type Subnet } from '@aws-sdk/client-ec2';
import { ec2FilteredType } from './ec2-filtered.js';
import { tagsOf } from './support.js';

/** VPC subnets. DescribeSubnets pages up to 1000. Name: the `Name` tag. */
export const subnetType = ec2FilteredType<Subnet>({
  name: 'subnet',
  idField: 'SubnetId',
  nameField: 'Tags.Name',
  permission: 'ec2:DescribeSubnets',
  idPattern: /^subnet-[0-9a-f]{8,17}$/,
  idFilter: 'subnet-id',
  maxPage: 1000,
  minPage: 5,
  describe: async (ec2, input) => {
    const page = await ec2.send(new DescribeSubnetsCommand(input));
    return { items: page.Subnets, next: page.NextToken };
  },
  toRecord: (raw) => {
    const tags = tagsOf(raw.Tags);
    return { id: raw.SubnetId ?? '', name: tags.Name, tags, raw };
  },
});
