import type { Effect } from '../../../core/actuator/effect.js';
import { markParams } from './janitor-params.js';
import { writeMarkRecords } from './janitor-record.js';
import { writeLifecycleTags } from './janitor-tag-writes.js';
import { EC2_TAGGING_BATCH, TAGGING_PERMISSIONS } from './janitor-tagging.js';

const NO_STORE = "the Janitor's record (Redis) is not available to this run: not marked";

/**
 * Writes Janitor lifecycle tags on a resource (rule, marked-at, delete-after, notified-at) and then the Janitor's
 * own record of the mark (in Redis), which a deletion needs to agree with the tags: tags alone are only a mirror.
 * A mark whose record cannot be written fails (without touching the tags when there is no record store at all).
 * Removing a mark is unmark-for-janitor, which the Janitor plans itself; a mark is never reverted on a timer.
 */
export const markForJanitor: Effect = {
  kind: 'mark-for-janitor',
  description: 'Mark a resource for the Janitor: lifecycle tags (simian:janitor:*) and the Janitor record',
  permissions: [...TAGGING_PERMISSIONS.write],
  // One CreateTags per 1,000 EC2 resources given the same marks (a run's marks mostly are), one HSET per batch.
  batchSize: EC2_TAGGING_BATCH,
  pacing: 'ec2:CreateTags',
  capped: 'none',
  paramsSchema: markParams,
  async apply(actions, ctx) {
    const store = ctx.records;
    const recorded = (action: (typeof actions)[number]) => markParams.parse(action.params).record;
    const blocked = store ? [] : actions.filter((action) => recorded(action));
    const writable = actions.filter((action) => !blocked.includes(action));
    const outcomes = await writeLifecycleTags(writable, ctx);
    const written = writable.filter((_, index) => outcomes[index]?.ok);
    const records = written.flatMap((action) => recorded(action) ?? []);
    let failure: string | null = null;
    if (store && records.length > 0) {
      try {
        await writeMarkRecords(store, records);
      } catch (error) {
        failure = `tags written, but not the Janitor's record: ${error instanceof Error ? error.message : String(error)}`;
      }
    }
    return [
      ...blocked.map((action) => ({ resource: action.resource, ok: false, error: NO_STORE })),
      ...writable.map((action, index) => {
        const outcome = outcomes[index] as (typeof outcomes)[number];
        return failure && outcome.ok && recorded(action)
          ? { resource: action.resource, ok: false, error: failure }
          : outcome;
      }),
    ];
  },
};
