import type { Effect } from '../effect.js';
import { applyEach } from './each-action.js';
import { markParams } from './janitor-params.js';
import { TAGGING_PERMISSIONS, writeTags } from './janitor-tagging.js';

/**
 * Writes Janitor lifecycle tags on a resource (rule, marked-at, delete-after, notified-at, the seen-at clocks): the
 * lifecycle lives on the resource itself. Removing them is unmark-for-janitor, which the Janitor plans itself when
 * the resource becomes valid again; a mark is never reverted on a timer.
 */
export const markForJanitor: Effect = {
  kind: 'mark-for-janitor',
  description: 'Write Janitor lifecycle tags (simian:janitor:*) on a resource',
  permissions: [...TAGGING_PERMISSIONS.write],
  batchSize: 20,
  pacing: 'ec2:CreateTags',
  capped: 'none',
  paramsSchema: markParams,
  apply(actions, ctx) {
    return applyEach(actions, async (action) => {
      const params = markParams.parse(action.params);
      await writeTags(action, params.resourceType, params.tags, ctx);
      return { resource: action.resource, ok: true };
    });
  },
};
