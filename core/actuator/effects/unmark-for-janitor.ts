import type { Effect } from '../effect.js';
import { applyEach } from './each-action.js';
import { unmarkParams } from './janitor-params.js';
import { removeTags, TAGGING_PERMISSIONS } from './janitor-tagging.js';

/** Removes Janitor lifecycle tags from a resource that became valid again or was opted out. */
export const unmarkForJanitor: Effect = {
  kind: 'unmark-for-janitor',
  description: 'Remove Janitor lifecycle tags (simian:janitor:*) from a resource',
  permissions: [...TAGGING_PERMISSIONS.remove],
  batchSize: 20,
  pacing: 'ec2:DeleteTags',
  capped: 'none',
  paramsSchema: unmarkParams,
  apply(actions, ctx) {
    return applyEach(actions, async (action) => {
      const params = unmarkParams.parse(action.params);
      await removeTags(action, params.resourceType, params.keys, ctx);
      return { resource: action.resource, ok: true };
    });
  },
};
