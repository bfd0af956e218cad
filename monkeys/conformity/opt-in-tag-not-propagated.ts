import { readOptInTags } from '../../core/fleet/opt-in.js';
import { defineRule } from '../shared/report-rules.js';
import { groupHit } from '../shared/report-subjects.js';

/**
 * A group opted in by `<prefix>:<monkey>` or `<prefix>:all` = enabled whose tag does not PropagateAtLaunch: its
 * instances lack the tag, so IAM conditions on instance tags (aws:ResourceTag/simian:chaos) refuse the monkey.
 */
export const optInTagNotPropagated = defineRule({
  id: 'opt-in-tag-not-propagated',
  severity: 'warning',
  summary: 'opted-in groups whose opt-in tag does not propagate to their instances',
  reads: ['auto-scaling-group'],
  settings: {},
  check: ({ snapshot, tagPrefix }) =>
    snapshot.groups.flatMap((group) => {
      const keys = Object.keys(group.tags).filter((key) => {
        const [prefix, monkey, ...rest] = key.split(':');
        if (prefix?.toLowerCase() !== tagPrefix.toLowerCase() || !monkey || rest.length > 0) return false;
        return readOptInTags(group.tags, key).some((tag) => tag.key === key && tag.meaning === 'enabled');
      });
      const unpropagated = keys.filter((key) => !group.launchTagKeys?.includes(key));
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
