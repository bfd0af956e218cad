import type { Instance } from '@aws-sdk/client-ec2';
import { UNUSED_SEEN_AT_TAG } from '../tags.js';
import { attributesKnown } from '../world.js';
import { type JanitorRule, nothingUses } from './rule.js';

/** An instance stopped for more than N days (counted from the first run that saw it stopped), in no group. */
export const stoppedInstance: JanitorRule<Instance> = {
  id: 'stopped-instance',
  type: 'instance',
  description: 'instance stopped for more than N days (from the first run that saw it stopped)',
  defaultDays: 30,
  unused(record, ctx) {
    if (record.raw.State?.Name !== 'stopped') return null;
    if (record.tags['aws:autoscaling:groupName'] !== undefined) return null;
    if (nothingUses(ctx, record.id)) return null;
    if (!attributesKnown(ctx.world.observed, record.id)) return null;
    return `instance ${record.id} is stopped`;
  },
  since: { tag: UNUSED_SEEN_AT_TAG },
};
