import type { Effect } from '../../../core/actuator/effect.js';
import { RULE_TAG } from '../tags.js';
import { unmarkParams } from './janitor-params.js';
import { clearMarkRecords } from './janitor-record.js';
import {
  applyTagChanges,
  deleteEc2Tags,
  EC2_TAGGING_BATCH,
  removeTags,
  TAGGING_PERMISSIONS,
} from './janitor-tagging.js';

/**
 * Removes Janitor lifecycle tags from a resource that became valid again or was opted out; an unmark of the mark
 * itself (its rule tag) clears the Janitor's record of it too. Without a record store the tags still go: a record
 * left behind agrees with no tags, so it can never let a deletion through.
 */
export const unmarkForJanitor: Effect = {
  kind: 'unmark-for-janitor',
  description: 'Remove Janitor lifecycle tags (simian:janitor:*) from a resource, and the Janitor record of its mark',
  permissions: [...TAGGING_PERMISSIONS.remove],
  // One DeleteTags per 1,000 EC2 resources losing the same keys.
  batchSize: EC2_TAGGING_BATCH,
  pacing: 'ec2:DeleteTags',
  capped: 'none',
  paramsSchema: unmarkParams,
  async apply(actions, ctx) {
    const changes = actions.map((action) => {
      const params = unmarkParams.parse(action.params);
      return { action, type: params.resourceType, same: JSON.stringify([...params.keys].sort()) };
    });
    const outcomes = await applyTagChanges(changes, {
      ec2: (first, resources) => deleteEc2Tags(ctx, first, resources, unmarkParams.parse(first.params).keys),
      one: ({ action, type }) => removeTags(action, type, unmarkParams.parse(action.params).keys, ctx),
    });
    const unmarked = actions.filter(
      (action, index) => outcomes[index]?.ok && unmarkParams.parse(action.params).keys.includes(RULE_TAG),
    );
    const first = actions[0];
    if (ctx.records && first && unmarked.length > 0) {
      // A record that cannot be cleared is left to disagree with the tags (they are gone): the unmark stands.
      await clearMarkRecords(
        ctx.records,
        first,
        unmarked.map((action) => action.resource),
      ).catch((error: unknown) =>
        ctx.logger.warn({ error }, "janitor unmark: the Janitor's record could not be cleared"),
      );
    }
    return outcomes;
  },
};
