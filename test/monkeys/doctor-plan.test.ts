import { describe, expect, it } from 'vitest';
import type { Group, Instance, Snapshot } from '../../core/fleet/model.js';
import type { OptInDecision } from '../../core/fleet/opt-in-types.js';
import { metricBreach } from '../../monkeys/doctor/diagnose.js';
import type { DoctorObserved } from '../../monkeys/doctor/observe.js';
import { doctorParams, type MetricRule } from '../../monkeys/doctor/params.js';
import { DOCTOR_TAGS } from '../../monkeys/doctor/tags.js';
import { planDoctor } from '../../monkeys/doctor.js';
import { makeGroup, makeInstance } from '../support/fleet.js';
import { membersOf, snapshotOf } from '../support/snapshot.js';

const NOW = new Date('2026-11-24T18:00:00Z');
const A = 'us-east-1a';
const B = 'us-east-1b';

function web(size = 6, extra: Partial<Group> = {}): Group {
  const members = Array.from({ length: size }, (_, index) => ({ id: `i-${index}`, zone: index % 2 ? B : A }));
  return { ...makeGroup('web-prod', { 'simian:doctor': 'enabled', owner: 'web@example.com' }, members), ...extra };
}

/** The groups' members (each with the tags given for it, if any) and the extra instances, as read at NOW. */
function doctorSnapshot(
  groups: Group[],
  extra: Instance[] = [],
  tagged: Record<string, Record<string, string>> = {},
): Snapshot {
  const members = membersOf(groups).map((instance) => ({
    ...instance,
    tags: { ...instance.tags, ...tagged[instance.id] },
  }));
  return snapshotOf(groups, { takenAt: NOW, instances: [...members, ...extra] });
}

const optIn = (group: Group): OptInDecision =>
  group.tags['simian:doctor'] === 'enabled'
    ? { group: group.name, monkey: 'doctor', eligible: true, reason: 'simian:doctor=enabled' }
    : { group: group.name, monkey: 'doctor', eligible: false, reason: 'no simian:doctor tag' };

function observed(extra: Partial<DoctorObserved> = {}): DoctorObserved {
  return { at: NOW, impaired: new Map(), scaling: new Map(), metrics: new Map(), ...extra };
}

const RULES = [
  { id: 'status-impaired', source: 'ec2-status', remedy: 'replace' },
  { id: 'asg-unhealthy', source: 'asg-health', remedy: 'quarantine' },
  {
    id: 'status-check-failed',
    source: 'metric',
    metric: 'StatusCheckFailed',
    statistic: 'Maximum',
    comparison: '>=',
    threshold: 1,
    for: '5m',
    remedy: 'reboot',
  },
  {
    id: 'cpu-hot',
    source: 'metric',
    metric: 'CPUUtilization',
    comparison: '>',
    threshold: 95,
    for: '15m',
    remedy: 'notify',
  },
];
const params = (extra: Record<string, unknown> = {}) => doctorParams.parse({ rules: RULES, maxAtOnce: 3, ...extra });

const kinds = (plan: { actions: readonly { kind: string; resource: string }[] }) =>
  plan.actions.map((action) => `${action.kind} ${action.resource}`);

describe('doctor rules', () => {
  const cpu = params().rules[3] as MetricRule;
  it('a metric breaches only when every datapoint of the window is past the threshold, one per period at least', () => {
    expect(metricBreach(cpu, [97, 99, 98])).toBe('CPUUtilization Average > 95 for 15m (97, 99, 98)');
    expect(metricBreach(cpu, [97, 50, 98])).toBeNull();
    expect(metricBreach(cpu, [97, 99])).toBeNull(); // a gap: not breaching for 15 minutes
    expect(metricBreach(cpu, [])).toBeNull();
  });

  it('bad rules are refused with the field named', () => {
    const bad = doctorParams.safeParse({
      rules: [
        { id: 'x', source: 'metric', metric: 'CPU', comparison: '=>', threshold: 1, for: '5m', remedy: 'notify' },
      ],
    });
    expect(bad.success).toBe(false);
    expect(JSON.stringify(bad.error?.issues)).toContain('comparison \\"=>\\" is unknown');
    expect(doctorParams.safeParse({ rules: [{ id: 'x', source: 'asg-health', remedy: 'amputate' }] }).success).toBe(
      false,
    );
  });
});

describe('doctor plan', () => {
  it('gives each sick instance the remedy of its first rule and tells its owner; healthy ones are untouched', () => {
    const group = web(6, {
      members: web(6).members.map((m) => (m.id === 'i-1' ? { ...m, healthStatus: 'Unhealthy' } : m)),
    });
    const seen = observed({
      impaired: new Map([['i-0', 'instance status check impaired']]),
      metrics: new Map([
        ['status-check-failed', new Map([['i-2', [1]]])],
        [
          'cpu-hot',
          new Map([
            ['i-3', [99, 98, 97]],
            ['i-4', [99, 20, 97]],
          ]),
        ],
      ]),
    });
    const plan = planDoctor(doctorSnapshot([group]), params({ maxPercentAtOnce: 50 }), optIn, NOW, seen);
    expect(kinds(plan)).toEqual([
      'set-instance-health i-0',
      'notify-owner i-0',
      'detach-instance i-1',
      'notify-owner i-1',
      'reboot-instance i-2',
      'notify-owner i-2',
      'notify-owner i-3',
    ]);
    expect(plan.actions[2]?.params).toEqual({
      group: 'web-prod',
      // What Doctor's record keeps of the quarantine, and the cap the at-once guard counts across runs.
      quarantine: { at: NOW.toISOString() },
      atOnce: { max: 3, percent: 50, holdMs: 3_600_000 },
      markTags: {
        [DOCTOR_TAGS.remediedAt]: NOW.toISOString(),
        [DOCTOR_TAGS.rule]: 'asg-unhealthy',
        [DOCTOR_TAGS.remedy]: 'quarantine',
        [DOCTOR_TAGS.quarantinedAt]: NOW.toISOString(),
        [DOCTOR_TAGS.quarantinedFrom]: 'web-prod',
      },
    });
    expect(plan.actions[6]?.params).toMatchObject({
      owner: 'web@example.com',
      severity: 'warning',
      incidentKey: 'doctor:i-3:cpu-hot',
      desc: expect.stringContaining('CPUUtilization Average > 95 for 15m (99, 98, 97)'),
    });
    expect(plan.skipped).toEqual([]);
  });

  it('keeps to maxAtOnce and maxPercentAtOnce, counting instances still in their cooldown', () => {
    const impaired = new Map(['i-0', 'i-1', 'i-2', 'i-3'].map((id) => [id, 'system status check impaired']));
    const one = planDoctor(doctorSnapshot([web()]), params({ maxAtOnce: 1 }), optIn, NOW, observed({ impaired }));
    expect(kinds(one)).toEqual(['set-instance-health i-0', 'notify-owner i-0']);
    expect(one.skipped.map((skip) => [skip.resource, skip.guard])).toEqual([
      ['i-1', 'doctor-caps'],
      ['i-2', 'doctor-caps'],
      ['i-3', 'doctor-caps'],
    ]);
    expect(one.skipped[0]?.reason).toBe(
      'status-impaired would replace, but 1 instance(s) of web-prod already under remedy (at most 1 at once)',
    );
    // 34 % of 6 is 2; i-5 was remedied 10 minutes ago and counts as one of them.
    const recent = { [DOCTOR_TAGS.remediedAt]: new Date(NOW.getTime() - 600_000).toISOString() };
    const percent = planDoctor(
      doctorSnapshot([web()], [], { 'i-5': recent }),
      params({ maxAtOnce: 5 }),
      optIn,
      NOW,
      observed({ impaired }),
    );
    expect(kinds(percent)).toEqual(['set-instance-health i-0', 'notify-owner i-0']);
  });

  it('an instance in its cooldown is left alone, and so is the group while it scales or is below desired', () => {
    const impaired = new Map([['i-0', 'instance status check impaired']]);
    const recent = { [DOCTOR_TAGS.remediedAt]: new Date(NOW.getTime() - 600_000).toISOString() };
    const cooled = planDoctor(
      doctorSnapshot([web()], [], { 'i-0': recent }),
      params(),
      optIn,
      NOW,
      observed({ impaired }),
    );
    expect(cooled.actions).toEqual([]);
    expect(cooled.skipped).toEqual([expect.objectContaining({ resource: 'i-0', guard: 'doctor-cooldown' })]);
    const old = { [DOCTOR_TAGS.remediedAt]: new Date(NOW.getTime() - 2 * 3_600_000).toISOString() };
    expect(
      kinds(planDoctor(doctorSnapshot([web()], [], { 'i-0': old }), params(), optIn, NOW, observed({ impaired }))),
    ).toEqual(['set-instance-health i-0', 'notify-owner i-0']);
    const scaling = observed({ impaired, scaling: new Map([['web-prod', 'Launching a new EC2 instance']]) });
    expect(planDoctor(doctorSnapshot([web()]), params(), optIn, NOW, scaling).skipped[0]?.reason).toBe(
      'status-impaired would replace, but group web-prod has a scaling activity in progress (Launching a new EC2 instance)',
    );
    const below = planDoctor(doctorSnapshot([web(6, { desired: 8 })]), params(), optIn, NOW, observed({ impaired }));
    expect(below.skipped[0]?.reason).toContain('below its desired capacity (6 of 8)');
  });

  it('terminates a quarantined instance once the grace period is over, and not before', () => {
    const quarantined = (hoursAgo: number): Instance => ({
      ...makeInstance('i-q', A),
      tags: {
        [DOCTOR_TAGS.quarantinedAt]: new Date(NOW.getTime() - hoursAgo * 3_600_000).toISOString(),
        [DOCTOR_TAGS.quarantinedFrom]: 'web-prod',
      },
    });
    const early = planDoctor(doctorSnapshot([web()], [quarantined(2)]), params(), optIn, NOW, observed());
    expect(early.actions).toEqual([]);
    expect(early.skipped).toEqual([expect.objectContaining({ resource: 'i-q', guard: 'doctor-quarantine' })]);
    const due = planDoctor(doctorSnapshot([web()], [quarantined(25)]), params(), optIn, NOW, observed());
    // The tags only make it a candidate: the effect requires Doctor's record, and tells the owner once done.
    expect(kinds(due)).toEqual(['terminate-quarantined i-q']);
    expect(due.actions[0]?.group).toBeNull();
    expect(due.actions[0]?.params).toEqual({
      group: 'web-prod',
      graceMs: 24 * 3_600_000,
      plannedAt: NOW.toISOString(),
      owner: 'web@example.com',
      severity: 'info',
    });
    const gone = planDoctor(doctorSnapshot([], [quarantined(25)]), params(), optIn, NOW, observed());
    expect(gone.actions).toEqual([]);
    expect(gone.skipped[0]?.reason).toBe('its group web-prod no longer exists: the quarantined instance is kept');
  });

  it('a group not opted in is not diagnosed', () => {
    const closed = { ...web(), tags: {} };
    const plan = planDoctor(
      doctorSnapshot([closed]),
      params(),
      optIn,
      NOW,
      observed({ impaired: new Map([['i-0', 'impaired']]) }),
    );
    expect(plan.actions).toEqual([]);
    expect(plan.skipped).toEqual([expect.objectContaining({ resource: 'web-prod', guard: 'opt-in' })]);
  });
});
