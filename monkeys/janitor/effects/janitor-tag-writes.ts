import type { EffectContext, EffectOutcome } from '../../../core/actuator/effect.js';
import type { Action } from '../../../core/plan/action.js';
import { seenParams } from './janitor-params.js';
import { applyTagChanges, createEc2Tags, writeTags } from './janitor-tagging.js';

/** The tags an action writes (note-seen and mark-for-janitor alike carry them as `tags`). */
function tagsOf(action: Action) {
  return seenParams.shape.tags.parse(action.params.tags);
}

/**
 * Writes each action's lifecycle tags: one CreateTags per set of EC2 resources given the same tags, other types one
 * at a time. Writing a value already there changes nothing (idempotent).
 */
export function writeLifecycleTags(actions: readonly Action[], ctx: EffectContext): Promise<EffectOutcome[]> {
  const changes = actions.map((action) => {
    const type = seenParams.shape.resourceType.parse(action.params.resourceType);
    return { action, type, same: JSON.stringify(Object.entries(tagsOf(action)).sort()) };
  });
  return applyTagChanges(changes, {
    ec2: (first, resources) => createEc2Tags(ctx, first, resources, tagsOf(first)),
    one: ({ action, type }) => writeTags(action, type, tagsOf(action), ctx),
  });
}
