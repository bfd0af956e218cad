import type { Caps } from '../core/config/schema.js';
import type { Monkey } from '../core/run/monkey.js';
import { attributeCandidates } from './janitor/attribute-candidates.js';
import { type JanitorParams, janitorParams } from './janitor/params.js';
import { planJanitor } from './janitor/plan.js';
import { type MarkRecords, readMarks } from './janitor/record.js';
import { runJanitor } from './janitor/run.js';
import { JANITOR_TYPES, readWorld, type World } from './janitor/world.js';

/**
 * The executor's own cap on a Janitor run: every deletion counts (its effects are capped), marks and unmarks do
 * not. The plan applies the finer caps (maxDeletionsPerRun, per type, percent of the type) from the params.
 */
const JANITOR_CAPS: Caps = { maxPerRun: 100 };

/**
 * Janitor Monkey: marks unused resources (tags on the resource itself), tells their owners, and deletes them on a
 * later run once their date and notice have passed, re-checking right before each deletion that nothing uses them.
 */
export const janitor: Monkey<JanitorParams, World & { readonly marks: MarkRecords | null }> = {
  name: 'janitor',
  kind: 'janitor',
  acts: [
    'note-seen',
    'mark-for-janitor',
    'unmark-for-janitor',
    'terminate-instance',
    'delete-volume',
    'delete-snapshot',
    'deregister-image',
    'delete-auto-scaling-group',
    'delete-launch-configuration',
    'delete-load-balancer',
    'delete-classic-load-balancer',
    'release-address',
    'delete-target-group',
    'delete-network-interface',
    'delete-security-group',
    'delete-rds-snapshot',
    'delete-log-group',
    // `simian janitor restore <id>`: what the Janitor deleted, back from its own record.
    'restore-volume',
    'register-image',
    'restore-auto-scaling-group',
    'restore-load-balancer',
    'restore-classic-load-balancer',
  ],
  description:
    'Mark, notify, then delete unused volumes, snapshots, images, groups, load balancers, target groups, addresses, interfaces, security groups, manual RDS snapshots and log groups',
  params: janitorParams,
  defaultCaps: JANITOR_CAPS,
  // The snapshot lists nothing: prepare lists every type once, as AWS describes it, and decides from that.
  reads: [],
  /**
   * Every type the use index reads, listed once; what listings do not say (every launch template version, each
   * target group's targets, ...), and for the candidates alone what costs a call each (who an image or snapshot is
   * shared with, termination protection); and the Janitor's own record of its marks (Redis), which a deletion must
   * agree with.
   */
  async prepare({ clients, target, params, records, now }) {
    const [world, marks] = await Promise.all([
      readWorld(clients, target, new Set(params.types ?? JANITOR_TYPES), now, attributeCandidates(params, now)),
      readMarks(records, target),
    ]);
    return { ...world, marks };
  },
  runner: runJanitor,
  plan({ snapshot, params, now, observed, config }) {
    if (!observed) throw new Error('janitor plans from what its prepare step observed');
    return planJanitor({
      snapshot,
      params,
      now,
      world: observed,
      marks: observed.marks,
      ...(config ? { config } : {}),
    });
  },
};
