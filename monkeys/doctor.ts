import { detachInstance } from '../core/actuator/effects/detach-instance.js';
import { notifyOwner } from '../core/actuator/effects/notify-owner.js';
import { rebootInstance } from '../core/actuator/effects/reboot-instance.js';
import { setInstanceHealth } from '../core/actuator/effects/set-instance-health.js';
import { terminateQuarantined } from '../core/actuator/effects/terminate-quarantined.js';
import { formatDuration } from '../core/config/duration.js';
import type { Caps } from '../core/config/schema.js';
import { InputError } from '../core/errors.js';
import { groupsByName, instancesByGroup, memberOf } from '../core/fleet/grouping.js';
import type { Group, Instance, Snapshot } from '../core/fleet/model.js';
import type { OptInDecision } from '../core/fleet/opt-in-types.js';
import type { Action, Plan, Skip } from '../core/plan/action.js';
import type { Monkey } from '../core/run/monkey.js';
import { atOnceAllowance } from '../core/safety/at-once.js';
import { diagnose } from './doctor/diagnose.js';
import { type DoctorObserved, observeHealth } from './doctor/observe.js';
import { type DoctorParams, doctorParams } from './doctor/params.js';
import { ownerOf, remedyActions } from './doctor/remedies.js';
import { DOCTOR_TAGS, tagTime } from './doctor/tags.js';
import { classifyInstances } from './shared/eligibility.js';

/**
 * Doctor's own plan caps how many instances of a group are under remedy at once; the run caps stay as a backstop:
 * ten remedies per run, one per group, one healthy instance left, no daily limit (a sick instance should not wait
 * for tomorrow because another was fixed today).
 */
export const DOCTOR_CAPS: Caps = {
  maxPerRun: 10,
  maxPerGroup: 1,
  maxPercentPerGroup: 100,
  minHealthy: 1,
  maxPerDayPerGroup: undefined,
  minTimeBetweenKills: undefined,
};

const NOTHING_SEEN: DoctorObserved = { at: new Date(0), impaired: new Map(), scaling: new Map(), metrics: new Map() };

function spare(instance: Instance, group: string | null, guard: string, reason: string): Skip {
  return { resource: instance.id, group, guard, reason, zone: instance.zone };
}

/** Whether Doctor remedied the instance within the cooldown (its remedied-at tag). */
function inCooldown(instance: Instance, params: DoctorParams, now: Date): Date | null {
  const at = tagTime(instance.tags, DOCTOR_TAGS.remediedAt);
  return at && now.getTime() - at.getTime() < params.cooldown ? at : null;
}

/** Why the group takes no remedy right now (scaling, below desired), or null. */
function groupBusy(group: Group, observed: DoctorObserved): string | null {
  const activity = observed.scaling.get(group.name);
  if (activity) return `group ${group.name} has a scaling activity in progress (${activity})`;
  const changing = group.members.find((member) => /^(Pending|Terminating)/.test(member.lifecycleState));
  if (changing) return `group ${group.name} is scaling (${changing.id} ${changing.lifecycleState})`;
  const inService = group.members.filter((member) => member.lifecycleState === 'InService').length;
  if (inService < group.desired)
    return `group ${group.name} is below its desired capacity (${inService} of ${group.desired})`;
  return null;
}

/** How many of the group may be under remedy at once: maxAtOnce, and maxPercentAtOnce of desired (at least one). */
function allowanceOf(group: Group, params: DoctorParams): number {
  return atOnceAllowance({ max: params.maxAtOnce, percent: params.maxPercentAtOnce, holdMs: 0 }, group.desired);
}

/** One group's share: diagnose its InService instances, remedy the sick within the caps, notify their owners. */
function planGroup(
  snapshot: Snapshot,
  group: Group,
  instances: readonly Instance[],
  params: DoctorParams,
  observed: DoctorObserved,
  now: Date,
  quarantinedFrom: number,
): { actions: Action[]; skipped: Skip[]; sick: number } {
  const actions: Action[] = [];
  const skipped: Skip[] = [];
  // Under remedy already: remedied within the cooldown and still here, or quarantined and not yet terminated.
  let underRemedy = quarantinedFrom + instances.filter((instance) => inCooldown(instance, params, now)).length;
  const allowance = allowanceOf(group, params);
  const busy = groupBusy(group, observed);
  let sick = 0;
  for (const instance of [...instances].sort((a, b) => a.id.localeCompare(b.id))) {
    const member = memberOf(group, instance.id);
    // Only instances in service are diagnosed: one arriving, leaving or in Standby is the group's business.
    if (!member) continue;
    if (member.lifecycleState !== 'InService' || instance.state !== 'running') continue;
    const diagnoses = diagnose(params.rules, instance, member, observed);
    const first = diagnoses[0];
    if (!first) continue;
    sick += 1;
    const cooled = inCooldown(instance, params, now);
    if (cooled) {
      skipped.push(
        spare(
          instance,
          group.name,
          'doctor-cooldown',
          `remedied at ${cooled.toISOString()} (cooldown ${formatDuration(params.cooldown)})`,
        ),
      );
      continue;
    }
    if (first.rule.remedy !== 'notify') {
      const why =
        busy ??
        (underRemedy >= allowance
          ? `${underRemedy} instance(s) of ${group.name} already under remedy (at most ${allowance} at once)`
          : null);
      if (why) {
        skipped.push(
          spare(instance, group.name, 'doctor-caps', `${first.rule.id} would ${first.rule.remedy}, but ${why}`),
        );
        continue;
      }
      underRemedy += 1;
    }
    actions.push(...remedyActions(snapshot, group, instance, diagnoses, params, now));
  }
  return { actions, skipped, sick };
}

/**
 * Instances whose tags say Doctor quarantined them (out of every group): terminated once the grace period is over,
 * while their group opts in. The tags only find the candidates: the termination (terminate-quarantined) goes ahead
 * only when Doctor's own record names the instance, checked right before the call.
 */
function planQuarantined(
  snapshot: Snapshot,
  params: DoctorParams,
  optIn: (group: Group) => OptInDecision,
  now: Date,
): { actions: Action[]; skipped: Skip[]; byGroup: Map<string, number> } {
  const groups = groupsByName(snapshot);
  const actions: Action[] = [];
  const skipped: Skip[] = [];
  const byGroup = new Map<string, number>();
  for (const instance of snapshot.instances) {
    const at = tagTime(instance.tags, DOCTOR_TAGS.quarantinedAt);
    const from = instance.tags[DOCTOR_TAGS.quarantinedFrom];
    if (!at || !from || instance.group !== undefined || !['running', 'stopped', 'pending'].includes(instance.state))
      continue;
    if (params.group !== undefined && from !== params.group) continue;
    byGroup.set(from, (byGroup.get(from) ?? 0) + 1);
    const group = groups.get(from);
    const due = new Date(at.getTime() + params.quarantineGrace);
    if (now < due) {
      skipped.push(
        spare(
          instance,
          null,
          'doctor-quarantine',
          `quarantined from ${from} at ${at.toISOString()}; terminated after ${due.toISOString()}`,
        ),
      );
      continue;
    }
    if (!group) {
      skipped.push(
        spare(instance, null, 'opt-in', `its group ${from} no longer exists: the quarantined instance is kept`),
      );
      continue;
    }
    const decision = optIn(group);
    if (!decision.eligible) {
      skipped.push(spare(instance, null, 'opt-in', decision.reason));
      continue;
    }
    actions.push({
      account: snapshot.account,
      region: snapshot.region,
      zone: instance.zone,
      group: null,
      kind: 'terminate-quarantined',
      resource: instance.id,
      // The owner is told by the effect, once the termination is done.
      params: {
        group: from,
        graceMs: params.quarantineGrace,
        plannedAt: now.toISOString(),
        owner: ownerOf(instance, group, params),
        severity: 'info',
      },
    });
  }
  return { actions, skipped, byGroup };
}

/** The pure plan of Doctor: diagnose every opted-in group's instances, remedy the sick within the caps. */
export function planDoctor(
  snapshot: Snapshot,
  params: DoctorParams,
  optIn: (group: Group) => OptInDecision,
  now: Date,
  observed: DoctorObserved = NOTHING_SEEN,
): Plan {
  let groups = snapshot.groups;
  if (params.group !== undefined) {
    groups = groups.filter((group) => group.name === params.group);
    if (groups.length === 0)
      throw new InputError(`Auto Scaling group "${params.group}" not found in ${snapshot.region}`);
  }
  const quarantined = planQuarantined(snapshot, params, optIn, now);
  const members = instancesByGroup(snapshot);
  const aimed = groups.flatMap((group) => members.get(group.name) ?? []);
  const { candidates, skipped: spared } = classifyInstances(snapshot, aimed, optIn);
  const eligible = new Map<string, Instance[]>();
  for (const { instance, group } of candidates)
    eligible.set(group.name, [...(eligible.get(group.name) ?? []), instance]);
  const actions: Action[] = [];
  // Only the spared instances a rule would have touched are worth a line; healthy ones are just healthy.
  const skipped: Skip[] = spared.filter((skip) => skip.guard !== 'opt-in');
  for (const group of groups) {
    const decision = optIn(group);
    if (!decision.eligible) {
      skipped.push({ resource: group.name, group: group.name, guard: 'opt-in', reason: decision.reason });
      continue;
    }
    const planned = planGroup(
      snapshot,
      group,
      eligible.get(group.name) ?? [],
      params,
      observed,
      now,
      quarantined.byGroup.get(group.name) ?? 0,
    );
    actions.push(...planned.actions);
    skipped.push(...planned.skipped);
  }
  const target: Record<string, string> = {
    region: snapshot.region,
    rules: params.rules.map((rule) => rule.id).join(','),
  };
  if (params.group !== undefined) target.group = params.group;
  return {
    monkey: 'doctor',
    target,
    actions: [...actions, ...quarantined.actions],
    skipped: [...skipped, ...quarantined.skipped],
  };
}

/**
 * Doctor Monkey: finds unhealthy instances of opted-in groups (EC2 status checks, the group's health check,
 * CloudWatch metric rules) and remedies each as its rule says (notify, reboot, replace, quarantine), a few of a
 * group at a time, each owner told through the alert gateway.
 */
export const doctor: Monkey<DoctorParams, DoctorObserved> = {
  name: 'doctor',
  description: 'Finds unhealthy instances (status checks, ASG health, CloudWatch rules) and remedies them per rule',
  kind: 'fault',
  effects: [
    { effect: rebootInstance },
    { effect: setInstanceHealth },
    { effect: detachInstance },
    { effect: terminateQuarantined },
    { effect: notifyOwner },
  ],
  defaultCaps: DOCTOR_CAPS,
  params: doctorParams,
  cli: {
    summary: 'Doctor: finds unhealthy instances of opted-in groups and remedies them per rule (simian:doctor=enabled)',
    flags: [
      { flag: '--group <asg>', param: 'group' },
      { flag: '--cooldown <duration>', param: 'cooldown' },
      { flag: '--grace <duration>', param: 'quarantineGrace' },
      { flag: '--max-at-once <n>', param: 'maxAtOnce', read: 'whole' },
    ],
    confirm: ['group'],
  },
  prepare: ({ params, clients, target }) => observeHealth(params, clients, target),
  plan: ({ snapshot, params, optIn, now, observed }) => planDoctor(snapshot, params, optIn, now, observed),
};
