import type { ResourceRecord } from '../../core/aws/resources/types.js';
import type { Group, Instance, Snapshot } from '../../core/fleet/model.js';
import { MOTO_ACCOUNT } from './env.js';
import { makeInstance } from './fleet.js';

/** What a test may set on an in-memory snapshot; the rest is the test account in us-east-1, taken at the epoch. */
export interface SnapshotParts {
  /** Default: one running instance per group member (see membersOf). */
  readonly instances?: readonly Instance[];
  readonly resources?: ReadonlyMap<string, readonly ResourceRecord[]>;
  readonly takenAt?: Date;
  readonly account?: string;
  readonly region?: string;
}

/** One running instance per member of the groups, in the member's zone and tagged with its group. */
export function membersOf(groups: readonly Group[]): Instance[] {
  return groups.flatMap((group) => group.members.map((member) => makeInstance(member.id, member.zone, group.name)));
}

/**
 * A snapshot built in memory, for the pure tests of planning and grouping: what an inventory would have read, with
 * no AWS behind it. The one builder every such test shares.
 */
export function snapshotOf(groups: readonly Group[] = [], parts: SnapshotParts = {}): Snapshot {
  return {
    account: parts.account ?? MOTO_ACCOUNT,
    region: parts.region ?? 'us-east-1',
    takenAt: parts.takenAt ?? new Date(0),
    groups,
    instances: parts.instances ?? membersOf(groups),
    resources: parts.resources ?? new Map(),
  };
}
