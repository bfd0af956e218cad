import { createHash } from 'node:crypto';
import { CreateNetworkInterfaceCommand } from '@aws-sdk/client-ec2';
import { hasErrorCode } from '../../../core/aws/resources/support.js';
import { janitorRestoreEffect, restoredTags, tagList } from './janitor-restore.js';
import { targetOf } from './janitor-target.js';

/**
 * A network interface the Janitor deleted, created again in its subnet with its groups, description and tags, and
 * its private IP when still free (else AWS picks one). A new id; nothing is attached to it. A retry whose first
 * answer was lost sends the same client token, and AWS answers with the interface it made then. An interface found
 * by its tags is never taken for the restore's: anyone able to tag one could make a restore report it as done.
 */
export const restoreNetworkInterface = janitorRestoreEffect({
  kind: 'restore-network-interface',
  type: 'network-interface',
  description: "Create a deleted network interface again in its subnet, from the Janitor's record",
  permissions: ['ec2:CreateNetworkInterface', 'ec2:CreateTags'],
  pacing: 'ec2:CreateNetworkInterface',
  async restoreOne(deletion, config, ctx) {
    const ec2 = ctx.clients.ec2(targetOf(deletion, ctx));
    const token = createHash('sha256').update(`${deletion.resource}|${deletion.deletedAt}`).digest('hex').slice(0, 64);
    const create = (privateIp: string | undefined, attempt: string) =>
      ec2.send(
        new CreateNetworkInterfaceCommand({
          SubnetId: config.subnetId,
          ...(config.groups.length > 0 ? { Groups: config.groups } : {}),
          ...(config.description ? { Description: config.description } : {}),
          ...(privateIp ? { PrivateIpAddress: privateIp } : {}),
          TagSpecifications: [
            { ResourceType: 'network-interface', Tags: tagList(restoredTags(config.tags, deletion.resource)) },
          ],
          ClientToken: `${token.slice(0, 60)}${attempt}`,
        }),
      );
    const answer = await create(config.privateIpAddress, '-ip').catch((error: unknown) => {
      // Another interface took the address since: AWS picks a free one of the subnet instead.
      if (config.privateIpAddress && hasErrorCode(error, ['InvalidIPAddress.InUse'])) return create(undefined, '-any');
      throw error;
    });
    const id = answer.NetworkInterface?.NetworkInterfaceId;
    if (!id) throw new Error('CreateNetworkInterface answered no interface id');
    return id;
  },
});
