import type { RawOf, ResourceRecord, ResourceTypeName } from '../../core/aws/resources/index.js';
import type { Group, Instance, Snapshot } from '../../core/fleet/model.js';
import type { RuleHit } from './report-rules.js';

/** The snapshot's records of one type, typed with its SDK shape (none when the monkey does not read it). */
export function recordsOf<N extends ResourceTypeName>(snapshot: Snapshot, type: N): ResourceRecord<RawOf<N>>[] {
  return [...(snapshot.resources.get(type) ?? [])] as ResourceRecord<RawOf<N>>[];
}

/**
 * GONE_INSTANCE_STATES of core/aws/resources/instance.ts, repeated here so that loading the monkey registry (every
 * CLI start) does not load the EC2 SDK.
 */
const GONE_STATES: readonly string[] = ['shutting-down', 'terminated'];

/** Instances that still exist (terminated ones stay visible in AWS for a while). */
export function liveInstances(snapshot: Snapshot): Instance[] {
  return snapshot.instances.filter((instance) => !GONE_STATES.includes(instance.state));
}

/** How an instance is named in a finding: "i-0abc (web-1)". */
export function instanceLabel(instance: Instance): string {
  return instance.tags.Name ? `${instance.id} (${instance.tags.Name})` : instance.id;
}

/** A finding about an instance: its id, Name tag, tags and group. */
export function instanceHit(instance: Instance, reason: string, details?: Record<string, unknown>): RuleHit {
  return {
    resource: instance.id,
    resourceType: 'instance',
    name: instance.tags.Name,
    tags: instance.tags,
    group: instance.group,
    reason,
    ...(details ? { details } : {}),
  };
}

/** A finding about an Auto Scaling group (keyed and named by its name). */
export function groupHit(group: Group, reason: string, details?: Record<string, unknown>): RuleHit {
  return {
    resource: group.name,
    resourceType: 'auto-scaling-group',
    name: group.name,
    tags: group.tags,
    group: group.name,
    reason,
    ...(details ? { details } : {}),
  };
}
