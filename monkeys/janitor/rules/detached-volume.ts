import type { Volume } from '@aws-sdk/client-ec2';
import { DETACHED_SEEN_AT_TAG } from '../tags.js';
import { type JanitorRule, nothingUses } from './rule.js';

/** A volume detached (available) for more than N days, counted from the first run that saw it detached. */
export const detachedVolume: JanitorRule<Volume> = {
  id: 'detached-volume',
  type: 'volume',
  description: 'volume detached (available) for more than N days (from the first run that saw it detached)',
  defaultDays: 30,
  unused(record, ctx) {
    if (record.raw.State !== 'available' || (record.raw.Attachments ?? []).length > 0) return null;
    if (nothingUses(ctx, record.id)) return null;
    return `volume ${record.id} is detached`;
  },
  since: { tag: DETACHED_SEEN_AT_TAG },
};
