import type { Effect } from '../effect.js';
import { markParams } from './janitor-params.js';
import {
  applyTagChanges,
  createEc2Tags,
  EC2_TAGGING_BATCH,
  TAGGING_PERMISSIONS,
  writeTags,
} from './janitor-tagging.js';

/**
 * Writes Janitor lifecycle tags on a resource (rule, marked-at, delete-after, notified-at, the seen-at clocks): the
 * lifecycle lives on the resource itself. Removing them is unmark-for-janitor, which the Janitor plans itself when
 * the resource becomes valid again; a mark is never reverted on a timer.
 */
export const markForJanitor: Effect = {
  kind: 'mark-for-janitor',
  description: 'Write Janitor lifecycle tags (simian:janitor:*) on a resource',
  permissions: [...TAGGING_PERMISSIONS.write],
  // One CreateTags per 1,000 EC2 resources given the same marks (a run's marks mostly are).
  batchSize: EC2_TAGGING_BATCH,
  pacing: 'ec2:CreateTags',
  capped: 'none',
  paramsSchema: markParams,
  apply(actions, ctx) {
    const changes = actions.map((action) => {
      const params = markParams.parse(action.params);
      return { action, type: params.resourceType, same: JSON.stringify(Object.entries(params.tags).sort()) };
    });
    return applyTagChanges(changes, {
      ec2: (first, resources) => createEc2Tags(ctx, first, resources, markParams.parse(first.params).tags),
      one: ({ action, type }) => writeTags(action, type, markParams.parse(action.params).tags, ctx),
    });
  },
};
