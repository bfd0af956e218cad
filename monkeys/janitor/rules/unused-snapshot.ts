import type { Snapshot } from '@aws-sdk/client-ec2';
import { dateTag, RETAIN_UNTIL_TAG } from '../tags.js';
import { attributesKnown } from '../world.js';
import { dateOf, type JanitorRule, nothingUses } from './rule.js';

/**
 * A completed snapshot older than N days that no image (in any state: available, disabled, deprecated), no launch
 * template version, no launch configuration and no copy in progress uses; a volume backup is kept until its date.
 * A snapshot shared with other accounts (or public) is never a candidate: it is reported instead.
 */
export const unusedSnapshot: JanitorRule<Snapshot> = {
  id: 'unused-snapshot',
  type: 'snapshot',
  description:
    'snapshot older than N days used by no image (any state), launch template version, launch configuration or copy',
  defaultDays: 30,
  unused(record, ctx) {
    if (record.raw.State !== 'completed') return null;
    if (ctx.world.observed.snapshotSharing[record.id]) return null;
    if (!attributesKnown(ctx.world.observed, record.id)) return null;
    const retained = dateTag(record.tags, RETAIN_UNTIL_TAG);
    if (retained && retained > ctx.now) return null;
    if (nothingUses(ctx, record.id)) return null;
    return `snapshot ${record.id} is used by no image, launch template, launch configuration or copy`;
  },
  since: { created: (raw) => dateOf(raw.StartTime) },
};
