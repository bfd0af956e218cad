import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import type { AwsClients, AwsTarget } from '../aws/clients.js';
import type { Tags } from '../fleet/model.js';
import { ReadMap } from './read-map.js';

/** An action's resource as AWS reports it right now. */
export interface FreshResource {
  readonly id: string;
  /** The registered resource type (`instance`, `volume` ...). */
  readonly type: string;
  /** The state AWS reports (instances: pending | running | shutting-down | terminated | stopping | stopped). */
  readonly state?: string;
  readonly tags: Tags;
}

/** EC2 takes up to 1,000 instance ids per DescribeInstances call. */
const INSTANCES_PER_CALL = 1000;

/** The resource type an id belongs to, when it is one simian re-reads (undefined: not a resource id it knows). */
export function resourceTypeNameOf(id: string): string | undefined {
  if (/^i-[0-9a-f]+$/.test(id)) return 'instance';
  return undefined;
}

function tagsOf(tags: readonly { Key?: string; Value?: string }[] | undefined): Tags {
  const result: Record<string, string> = {};
  for (const tag of tags ?? []) if (tag.Key !== undefined) result[tag.Key] = tag.Value ?? '';
  return result;
}

/** The ids EC2 names in an InvalidInstanceID.NotFound message ("The instance IDs 'i-1, i-2' do not exist"). */
function missingIds(error: unknown): string[] {
  const message = error instanceof Error ? error.message : String(error);
  return message.match(/i-[0-9a-f]+/g) ?? [];
}

async function freshInstances(clients: AwsClients, target: AwsTarget, ids: readonly string[]) {
  const found = new Map<string, FreshResource>();
  for (let start = 0; start < ids.length; start += INSTANCES_PER_CALL) {
    let page = ids.slice(start, start + INSTANCES_PER_CALL);
    // One unknown id fails the whole call: drop the ids EC2 names (they are gone) and ask once more.
    for (let attempt = 0; page.length > 0; attempt += 1) {
      try {
        const answer = await clients.ec2(target).send(new DescribeInstancesCommand({ InstanceIds: page }));
        for (const instance of answer.Reservations?.flatMap((reservation) => reservation.Instances ?? []) ?? []) {
          if (!instance.InstanceId) continue;
          found.set(instance.InstanceId, {
            id: instance.InstanceId,
            type: 'instance',
            state: instance.State?.Name ?? 'unknown',
            tags: tagsOf(instance.Tags),
          });
        }
        break;
      } catch (error) {
        const gone = new Set(missingIds(error));
        if ((error as { name?: string }).name !== 'InvalidInstanceID.NotFound' || gone.size === 0 || attempt > 2) {
          throw error;
        }
        page = page.filter((id) => !gone.has(id));
      }
    }
  }
  return found;
}

/**
 * Re-reads the resources of known types among `ids`, one call per type and page. An id of a known type missing
 * from the answer is gone; ids of no known type are not read (their group, if any, is).
 */
export async function freshResources(
  clients: AwsClients,
  target: AwsTarget,
  ids: readonly string[],
): Promise<ReadMap<FreshResource>> {
  const instances = [...new Set(ids.filter((id) => resourceTypeNameOf(id) === 'instance'))];
  const found = new ReadMap<FreshResource>(instances);
  if (instances.length > 0)
    for (const [id, resource] of await freshInstances(clients, target, instances)) found.set(id, resource);
  return found;
}
