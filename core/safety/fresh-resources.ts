import type { AwsClients, AwsTarget } from '../aws/clients.js';
import {
  getResourceType,
  parseRoute53RecordId,
  resourceTypeMap,
  resourceTypeOf,
  route53RecordId,
} from '../aws/resources/index.js';
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

/** The resource type an id belongs to, told by its shape (undefined: a bare name, e.g. a group's). */
export function resourceTypeNameOf(id: string): string | undefined {
  return resourceTypeOf(id)?.name;
}

/**
 * Instances with their state, gone or not (the registry's `fresh`, keeping the gone): a guard says "already
 * shutting-down" of an instance on its way out, and "no longer exists" only of one AWS no longer describes.
 */
async function freshInstances(clients: AwsClients, target: AwsTarget, ids: readonly string[]) {
  const records = await resourceTypeMap.instance.fresh(clients, target, ids, { includeGone: true });
  const found = new Map<string, FreshResource>();
  for (const [id, record] of records) {
    found.set(id, { id, type: 'instance', state: record.raw.State?.Name ?? 'unknown', tags: record.tags });
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
 * group, if any, is). Instances keep their state ("already shutting-down").
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
