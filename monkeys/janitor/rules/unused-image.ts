import type { Image } from '@aws-sdk/client-ec2';
import { attributesKnown } from '../world.js';
import { dateOf, type JanitorRule, nothingUses } from './rule.js';

/**
 * An image older than N days that no instance (any state), no launch template version (every version, attached to
 * a group or not), no launch configuration and no group uses. An image shared with other accounts is never a
 * candidate: someone we cannot see may launch it (it is reported as a finding instead).
 */
export const unusedImage: JanitorRule<Image> = {
  id: 'unused-image',
  type: 'image',
  description:
    'image older than N days used by no instance, launch template version, launch configuration or group, shared with no one',
  defaultDays: 30,
  unused(record, ctx) {
    if (record.raw.State === 'deregistered') return null;
    if (ctx.world.observed.imageSharing[record.id]) return null;
    if (!attributesKnown(ctx.world.observed, record.id)) return null;
    if (nothingUses(ctx, record.id)) return null;
    return `image ${record.id} is used by no instance, launch template, launch configuration or group`;
  },
  since: { created: (raw) => dateOf(raw.CreationDate) },
};
