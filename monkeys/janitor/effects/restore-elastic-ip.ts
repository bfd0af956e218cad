import { AllocateAddressCommand, DescribeAddressesCommand, type DomainType } from '@aws-sdk/client-ec2';
import { janitorRestoreEffect, restoredFromFilter, restoredTags, tagList } from './janitor-restore.js';
import { targetOf } from './janitor-target.js';

/**
 * An Elastic IP the Janitor released, allocated again with the same public address (AllocateAddress `Address`: AWS
 * gives a released address back while no other account holds it), its pool and tags. A new allocation id; nothing
 * is associated with it. A retry finds the address it already allocated.
 */
export const restoreElasticIp = janitorRestoreEffect({
  kind: 'restore-elastic-ip',
  type: 'elastic-ip',
  description: "Allocate a released Elastic IP again, the same public address, from the Janitor's record",
  permissions: ['ec2:AllocateAddress', 'ec2:CreateTags', 'ec2:DescribeAddresses'],
  pacing: 'ec2:AllocateAddress',
  async restoreOne(deletion, config, ctx) {
    const ec2 = ctx.clients.ec2(targetOf(deletion, ctx));
    const made = await ec2.send(
      new DescribeAddressesCommand({
        Filters: [restoredFromFilter(deletion.resource), { Name: 'public-ip', Values: [config.publicIp] }],
      }),
    );
    const again = made.Addresses?.[0]?.AllocationId;
    if (again) return again;
    const answer = await ec2
      .send(
        new AllocateAddressCommand({
          Domain: (config.domain ?? 'vpc') as DomainType,
          Address: config.publicIp,
          ...(config.networkBorderGroup ? { NetworkBorderGroup: config.networkBorderGroup } : {}),
          ...(config.publicIpv4Pool && config.publicIpv4Pool !== 'amazon'
            ? { PublicIpv4Pool: config.publicIpv4Pool }
            : {}),
          TagSpecifications: [
            { ResourceType: 'elastic-ip', Tags: tagList(restoredTags(config.tags, deletion.resource)) },
          ],
        }),
      )
      .catch((error: unknown) => {
        const why = error instanceof Error ? error.message : String(error);
        throw new Error(`AWS did not give ${config.publicIp} back (another account may hold it now): ${why}`, {
          cause: error,
        });
      });
    if (!answer.AllocationId) throw new Error('AllocateAddress answered no allocation id');
    return answer.AllocationId;
  },
});
