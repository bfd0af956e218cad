import { z } from 'zod';
import { readOptInTags } from '../../core/fleet/opt-in.js';
import { defineRule } from '../shared/report-rules.js';
import { groupHit } from '../shared/report-subjects.js';

/** The monkeys that act on a group's instances (and `all`): their opt-in tag must reach the instances. */
const ACTING_ON_INSTANCES = ['all', 'chaos', 'gorilla', 'kong', 'latency', 'doctor', 'circus'];

/**
 * A group opted in by `<prefix>:<monkey>` or `<prefix>:all` = enabled whose tag does not PropagateAtLaunch: its
 * instances lack the tag, so IAM conditions on instance tags (aws:ResourceTag/simian:chaos) refuse the monkey.
 */
export const optInTagNotPropagated = defineRule({
  id: 'opt-in-tag-not-propagated',
  severity: 'warning',
  summary:
    'opted-in groups whose opt-in tag (`monkeys`: the fault monkeys and all) does not propagate to their instances',
  reads: ['auto-scaling-group'],
  settings: {
    monkeys: z
      .array(z.string().min(1))
      .default(ACTING_ON_INSTANCES)
      .describe(`The monkeys whose opt-in tag must reach the instances (default ${ACTING_ON_INSTANCES.join(', ')})`),
  },
  check: ({ snapshot, settings, tagPrefix }) =>
    snapshot.groups.flatMap((group) => {
      const unpropagated = settings.monkeys
        .flatMap((monkey) => readOptInTags(group.tags, `${tagPrefix}:${monkey}`))
        .filter((tag) => tag.meaning === 'enabled' && !group.launchTagKeys?.includes(tag.key))
        .map((tag) => tag.key);
      if (unpropagated.length === 0) return [];
      return [
        groupHit(
          group,
          `group ${group.name} is opted in by ${unpropagated.join(', ')} but the tag does not propagate at launch: its instances lack it, so tag-based IAM conditions refuse the monkey (set PropagateAtLaunch)`,
          { tags: unpropagated },
        ),
      ];
    }),
});
