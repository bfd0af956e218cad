import type { Caps } from '../core/config/schema.js';
import type { Monkey } from '../core/run/monkey.js';
import { attributeCandidates } from './janitor/attribute-candidates.js';
import { deleteAutoScalingGroup } from './janitor/effects/delete-auto-scaling-group.js';
import { deleteClassicLoadBalancer } from './janitor/effects/delete-classic-load-balancer.js';
import { deleteLaunchConfiguration } from './janitor/effects/delete-launch-configuration.js';
import { deleteLoadBalancer } from './janitor/effects/delete-load-balancer.js';
import { deleteLogGroup } from './janitor/effects/delete-log-group.js';
import { deleteNetworkInterface } from './janitor/effects/delete-network-interface.js';
import { deleteRdsClusterSnapshot } from './janitor/effects/delete-rds-cluster-snapshot.js';
import { deleteRdsSnapshot } from './janitor/effects/delete-rds-snapshot.js';
import { deleteSecurityGroup } from './janitor/effects/delete-security-group.js';
import { deleteSnapshot } from './janitor/effects/delete-snapshot.js';
import { deleteTargetGroup } from './janitor/effects/delete-target-group.js';
import { deleteVolume } from './janitor/effects/delete-volume.js';
import { deregisterImage } from './janitor/effects/deregister-image.js';
import { markForJanitor } from './janitor/effects/mark-for-janitor.js';
import { noteSeen } from './janitor/effects/note-seen.js';
import { releaseAddress } from './janitor/effects/release-address.js';
import { restoreAutoScalingGroup } from './janitor/effects/restore-auto-scaling-group.js';
import { restoreClassicLoadBalancer } from './janitor/effects/restore-classic-load-balancer.js';
import { restoreElasticIp } from './janitor/effects/restore-elastic-ip.js';
import { restoreImage } from './janitor/effects/restore-image.js';
import { restoreLaunchConfiguration } from './janitor/effects/restore-launch-configuration.js';
import { restoreLoadBalancer } from './janitor/effects/restore-load-balancer.js';
import { restoreNetworkInterface } from './janitor/effects/restore-network-interface.js';
import { restoreSecurityGroup } from './janitor/effects/restore-security-group.js';
import { restoreTargetGroup } from './janitor/effects/restore-target-group.js';
import { restoreVolume } from './janitor/effects/restore-volume.js';
import { terminateInstance } from './janitor/effects/terminate-instance.js';
import { unmarkForJanitor } from './janitor/effects/unmark-for-janitor.js';
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
  effects: [
    { effect: noteSeen },
    { effect: markForJanitor },
    { effect: unmarkForJanitor },
    { effect: terminateInstance },
    { effect: deleteVolume, revert: restoreVolume },
    { effect: deleteSnapshot },
    { effect: deregisterImage, revert: restoreImage },
    { effect: deleteAutoScalingGroup, revert: restoreAutoScalingGroup },
    { effect: deleteLaunchConfiguration, revert: restoreLaunchConfiguration },
    { effect: deleteLoadBalancer, revert: restoreLoadBalancer },
    { effect: deleteClassicLoadBalancer, revert: restoreClassicLoadBalancer },
    { effect: releaseAddress, revert: restoreElasticIp },
    { effect: deleteTargetGroup, revert: restoreTargetGroup },
    { effect: deleteNetworkInterface, revert: restoreNetworkInterface },
    { effect: deleteSecurityGroup, revert: restoreSecurityGroup },
    { effect: deleteRdsSnapshot },
    { effect: deleteRdsClusterSnapshot },
    { effect: deleteLogGroup },
  ],
  description:
    'Mark, notify, then delete unused volumes, snapshots, images, groups, load balancers, target groups, addresses, interfaces, security groups, manual RDS and Aurora cluster snapshots and log groups',
  params: janitorParams,
  cli: {
    summary: 'Janitor Monkey: mark unused resources, notify their owners, delete them once their date has passed',
    flags: [
      {
        flag: '--report',
        param: 'report',
        help: 'list every marked resource (rule, owner, dates) as findings; changes nothing',
      },
      { flag: '--csv', help: 'with --report: the findings as CSV' },
      {
        flag: '--type <types>',
        param: 'types',
        read: 'list',
        help: `only these resource types, comma-separated (${JANITOR_TYPES.join(', ')})`,
      },
    ],
  },
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
