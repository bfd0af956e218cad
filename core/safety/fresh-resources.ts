import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import type { AwsClients, AwsTarget } from '../aws/clients.js';
import { getResourceType, parseRoute53RecordId, resourceTypeOf, route53RecordId } from '../aws/resources/index.js';
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

/** The resource type an id belongs to, told by its shape (undefined: a bare name, e.g. a group's). */
export function resourceTypeNameOf(id: string): string | undefined {
  return resourceTypeOf(id)?.name;
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
        // moto pages even a by-id answer (100 reservations a page): follow NextToken until it ends.
        let token: string | undefined;
        do {
          const answer = await clients
            .ec2(target)
            .send(new DescribeInstancesCommand({ InstanceIds: page, ...(token ? { NextToken: token } : {}) }));
          for (const instance of answer.Reservations?.flatMap((reservation) => reservation.Instances ?? []) ?? []) {
            if (!instance.InstanceId) continue;
            found.set(instance.InstanceId, {
              id: instance.InstanceId,
              type: 'instance',
              state: instance.State?.Name ?? 'unknown',
              tags: tagsOf(instance.Tags),
            });
          }
          token = answer.NextToken;
        } while (token);
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

/** Route 53 answers names fully qualified (`api.example.com.`): a plan may write them either way. */
function canonicalId(type: string, id: string): string {
  if (type !== 'route53-record') return id;
  const key = parseRoute53RecordId(id);
  return key ? route53RecordId(key) : id;
}

/**
 * Re-reads the resources of known types among `ids`, one call per type and page (the registry's `fresh`), every
 * type at once. An id of a known type missing from the answer is gone; ids of no known type are not read (their
 * group, if any, is). Instances are read by id, 1,000 a call, keeping their state ("already shutting-down").
 */
export async function freshResources(
  clients: AwsClients,
  target: AwsTarget,
  ids: readonly string[],
): Promise<ReadMap<FreshResource>> {
  const byType = new Map<string, string[]>();
  for (const id of new Set(ids)) {
    const type = resourceTypeNameOf(id);
    if (!type) continue;
    const same = byType.get(type);
    if (same) same.push(id);
    else byType.set(type, [id]);
  }
  const found = new ReadMap<FreshResource>([...byType.values()].flat());
  const reads = [...byType].map(async ([type, typeIds]): Promise<Map<string, FreshResource>> => {
    if (type === 'instance') return freshInstances(clients, target, typeIds);
    const records = await getResourceType(type).fresh(
      clients,
      target,
      typeIds.map((id) => canonicalId(type, id)),
    );
    const answered = new Map<string, FreshResource>();
    for (const id of typeIds) {
      const record = records.get(canonicalId(type, id));
      if (record) answered.set(id, { id, type, tags: record.tags });
    }
    return answered;
  });
  for (const read of await Promise.all(reads)) for (const [id, resource] of read) found.set(id, resource);
  return found;
}
