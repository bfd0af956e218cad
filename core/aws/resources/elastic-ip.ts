import { type Address, DescribeAddressesCommand } from '@aws-sdk/client-ec2';
import { ec2FilteredType } from './ec2-filtered.js';
import { tagsOf } from './support.js';

/**
 * VPC Elastic IPs, by allocation id (EC2-Classic addresses without one are retired). DescribeAddresses does not
 * paginate: `list` is always one call. Name: the `Name` tag.
 */
export const elasticIpType = ec2FilteredType<Address>({
  name: 'elastic-ip',
  idField: 'AllocationId',
  nameField: 'Tags.Name',
  permission: 'ec2:DescribeAddresses',
  idPattern: /^eipalloc-[0-9a-f]{8,17}$/,
  idFilter: 'allocation-id',
  describe: async (ec2, input) => {
    const page = await ec2.send(new DescribeAddressesCommand({ Filters: input.Filters }));
    return { items: (page.Addresses ?? []).filter((address) => address.AllocationId) };
  },
  toRecord: (raw) => {
    const tags = tagsOf(raw.Tags);
    return { id: raw.AllocationId ?? '', name: tags.Name, tags, raw };
  },
});
