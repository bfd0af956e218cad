import type { Redis } from 'ioredis';
import type { AwsClients } from '../../../core/aws/clients.js';
import { writeMarkRecords } from '../../../monkeys/janitor/effects/janitor-record.js';
import type { JanitorResourceType } from '../../../monkeys/janitor/effects/janitor-types.js';
import type { JanitorType } from '../../../monkeys/janitor/world.js';
import { MOTO_ACCOUNT } from '../../support/env.js';
import { DAY, dueMark, type janitorAt, REGION } from './harness.js';
import { accessFor } from './typed-resources.js';

export const RESTORE_OWNER = { owner: 'erin@example.com', team: 'web' };

/**
 * Marks a resource as a run long ago would have: unused for 40 days, marked, told, due (tags and the Janitor's
 * record alike), through the type's own tagging API.
 */
export async function dueForDeletion(
  clients: AwsClients,
  redis: Redis,
  janitor: ReturnType<typeof janitorAt>,
  id: string,
  type: JanitorResourceType,
  rule: string,
): Promise<void> {
  const now = janitor.clock.now();
  const mark = dueMark(rule, now);
  await accessFor(clients, type as JanitorType).setTags(id, {
    ...mark,
    'simian:janitor:unused-seen-at': new Date(now.getTime() - 40 * DAY).toISOString(),
  });
  await writeMarkRecords({ redis, prefix: janitor.deps.config.redis.prefix }, [
    {
      account: MOTO_ACCOUNT,
      region: REGION,
      resource: id,
      resourceType: type,
      rule,
      markedAt: mark['simian:janitor:marked-at'] as string,
      deleteAfter: mark['simian:janitor:delete-after'] as string,
      owner: RESTORE_OWNER.owner,
      notifiedOwner: RESTORE_OWNER.owner,
      notifiedAt: mark['simian:janitor:notified-at'] as string,
    },
  ]);
}
