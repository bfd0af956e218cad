import { z } from 'zod';
import { defineRule, type RuleHit } from '../shared/report-rules.js';
import { groupHit, instanceHit, instanceLabel, liveInstances } from '../shared/report-subjects.js';

const missingOf = (tags: Readonly<Record<string, string>>, required: readonly string[]) =>
  required.filter((key) => !tags[key]?.trim());

/** Tags people and tools rely on (owner, cost centre): every instance and group carries them, not empty. */
export const requiredTags = defineRule({
  id: 'required-tags',
  severity: 'warning',
  summary: 'instances and Auto Scaling groups without every tag of `tags` (default owner)',
  reads: ['auto-scaling-group', 'instance'],
  settings: {
    tags: z
      .array(z.string().min(1))
      .min(1)
      .default(['owner'])
      .describe('Tag keys every checked resource must carry (default owner)'),
    resourceTypes: z
      .array(z.enum(['instance', 'auto-scaling-group']))
      .default(['instance', 'auto-scaling-group'])
      .describe('The resource types checked: instance, auto-scaling-group (default both)'),
  },
  check: ({ snapshot, settings }) => {
    const hits: RuleHit[] = [];
    const missingText = (missing: readonly string[]) =>
      `${missing.length === 1 ? 'tag' : 'tags'} ${missing.join(', ')}`;
    if (settings.resourceTypes.includes('auto-scaling-group')) {
      for (const group of snapshot.groups) {
        const missing = missingOf(group.tags, settings.tags);
        if (missing.length === 0) continue;
        hits.push(groupHit(group, `group ${group.name} lacks the ${missingText(missing)}: add them`, { missing }));
      }
    }
    if (settings.resourceTypes.includes('instance')) {
      for (const instance of liveInstances(snapshot)) {
        const missing = missingOf(instance.tags, settings.tags);
        if (missing.length === 0) continue;
        const reason = `instance ${instanceLabel(instance)} lacks the ${missingText(missing)}: add them`;
        hits.push(instanceHit(instance, reason, { missing }));
      }
    }
    return hits;
  },
});
