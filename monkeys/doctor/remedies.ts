import type { Group, Instance, Snapshot } from '../../core/fleet/model.js';
import type { Action } from '../../core/plan/action.js';
import type { Diagnosis } from './diagnose.js';
import type { DoctorParams, Remedy } from './params.js';
import { DOCTOR_TAGS } from './tags.js';

/**
 * The remedy's action kind and params: the mark tags (the people's mirror, which the plan's cooldown reads back),
 * the at-once cap the at-once guard counts across runs from Doctor's record, and for a quarantine, what the record
 * keeps.
 */
function remedyAction(
  remedy: Exclude<Remedy, 'notify'>,
  group: Group,
  diagnosis: Diagnosis,
  params: DoctorParams,
  now: Date,
): { kind: string; params: Record<string, unknown> } {
  const markTags: Record<string, string> = {
    [DOCTOR_TAGS.remediedAt]: now.toISOString(),
    [DOCTOR_TAGS.rule]: diagnosis.rule.id,
    [DOCTOR_TAGS.remedy]: remedy,
  };
  const atOnce = { max: params.maxAtOnce, percent: params.maxPercentAtOnce, holdMs: params.cooldown };
  switch (remedy) {
    case 'reboot':
      return { kind: 'reboot-instance', params: { markTags, atOnce } };
    case 'replace':
      return { kind: 'set-instance-health', params: { health: 'Unhealthy', markTags, atOnce } };
    case 'quarantine':
      return {
        kind: 'detach-instance',
        params: {
          group: group.name,
          quarantine: { at: now.toISOString() },
          atOnce,
          markTags: {
            ...markTags,
            [DOCTOR_TAGS.quarantinedAt]: now.toISOString(),
            [DOCTOR_TAGS.quarantinedFrom]: group.name,
          },
        },
      };
  }
}

/** The instance's owner: its own owner tag, else its group's (null: the gateway's fallback decides). */
export function ownerOf(instance: Instance, group: Group | undefined, params: DoctorParams): string | null {
  return instance.tags[params.ownerTag] ?? group?.tags[params.ownerTag] ?? null;
}

/** What the owner reads about a sick instance and what Doctor does about it. */
function remedyWords(remedy: Remedy, params: DoctorParams): string {
  switch (remedy) {
    case 'notify':
      return 'no automatic remedy: please look into it';
    case 'reboot':
      return 'Doctor reboots it';
    case 'replace':
      return 'Doctor marks it Unhealthy so that its group replaces it';
    case 'quarantine':
      return `Doctor takes it out of its group (a replacement launches) and keeps it ${Math.round(params.quarantineGrace / 3_600_000)}h for investigation before terminating it`;
  }
}

/** The actions of one sick instance: its remedy (unless notify), then the owner's notification. */
export function remedyActions(
  snapshot: Snapshot,
  group: Group,
  instance: Instance,
  diagnoses: readonly Diagnosis[],
  params: DoctorParams,
  now: Date,
): Action[] {
  const first = diagnoses[0] as Diagnosis;
  const remedy = first.rule.remedy;
  const where = { account: snapshot.account, region: snapshot.region, zone: instance.zone, group: group.name };
  const actions: Action[] = [];
  if (remedy !== 'notify') {
    actions.push({ ...where, resource: instance.id, ...remedyAction(remedy, group, first, params, now) });
  }
  const why = diagnoses.map((diagnosis) => `${diagnosis.rule.id}: ${diagnosis.reason}`).join('; ');
  actions.push({
    ...where,
    // A quarantined instance has left its group by the time its owner is told: the notice names no group to re-check.
    ...(remedy === 'quarantine' ? { group: null } : {}),
    kind: 'notify-owner',
    resource: instance.id,
    params: {
      owner: ownerOf(instance, group, params),
      monkey: 'doctor',
      severity: first.rule.severity,
      cluster: group.name,
      desc: `${instance.id} in ${group.name} (${instance.zone}) is unhealthy (${why}); ${remedyWords(remedy, params)}`,
      incidentKey: `doctor:${instance.id}:${first.rule.id}`,
      details: { rule: first.rule.id, remedy, rules: diagnoses.map((diagnosis) => diagnosis.rule.id) },
    },
  });
  return actions;
}
