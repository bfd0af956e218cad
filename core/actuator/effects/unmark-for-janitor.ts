import type { Effect } from '../effect.js';
import { unmarkParams } from './janitor-params.js';
import {
  applyTagChanges,
  deleteEc2Tags,
  EC2_TAGGING_BATCH,
  removeTags,
  TAGGING_PERMISSIONS,
} from './janitor-tagging.js';

/** Removes Janitor lifecycle tags from a resource that became valid again or was opted out. */
export const unmarkForJanitor: Effect = {
  kind: 'unmark-for-janitor',
  description: 'Remove Janitor lifecycle tags (simian:janitor:*) from a resource',
  permissions: [...TAGGING_PERMISSIONS.remove],
  // One DeleteTags per 1,000 EC2 resources losing the same keys.
  batchSize: EC2_TAGGING_BATCH,
  pacing: 'ec2:DeleteTags',
  capped: 'none',
  paramsSchema: unmarkParams,
  apply(actions, ctx) {
    const changes = actions.map((action) => {
      const params = unmarkParams.parse(action.params);
      return { action, type: params.resourceType, same: JSON.stringify([...params.keys].sort()) };
    });
    return applyTagChanges(changes, {
      ec2: (first, resources) => deleteEc2Tags(ctx, first, resources, unmarkParams.parse(first.params).keys),
      one: ({ action, type }) => removeTags(action, type, unmarkParams.parse(action.params).keys, ctx),
    });
  },
};
