import type { Effect } from '../../../core/actuator/effect.js';
import { seenParams } from './janitor-params.js';
import { writeLifecycleTags } from './janitor-tag-writes.js';
import { EC2_TAGGING_BATCH, TAGGING_PERMISSIONS } from './janitor-tagging.js';

/**
 * Starts a seen-at clock (`simian:janitor:detached-seen-at`, `unused-seen-at`): the first run that saw a resource in
 * a state AWS does not date. Not a mark: nothing is scheduled for deletion, no one is told; the rule counts its days
 * from here, and the clock stops (the tag goes) when the state ends.
 */
export const noteSeen: Effect = {
  kind: 'note-seen',
  description: 'Write a Janitor seen-at clock (simian:janitor:*-seen-at) on a resource; not a mark',
  permissions: [...TAGGING_PERMISSIONS.write],
  batchSize: EC2_TAGGING_BATCH,
  pacing: 'ec2:CreateTags',
  capped: 'none',
  paramsSchema: seenParams,
  apply: writeLifecycleTags,
};
