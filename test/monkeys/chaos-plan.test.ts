import { beforeAll, describe, expect, it } from 'vitest';
import { takeSnapshot } from '../../core/aws/inventory.js';
import { InputError } from '../../core/errors.js';
import type { Group, Instance, Snapshot } from '../../core/fleet/model.js';
import { parseGroupName } from '../../core/fleet/naming.js';
import { decideOptIn, optInRulesFrom } from '../../core/fleet/opt-in.js';
import type { OptInRules } from '../../core/fleet/opt-in-types.js';
import type { SeededFleet } from '../../core/sandbox/seed.js';
import { chaosParams } from '../../monkeys/chaos/params.js';
import { planChaos } from '../../monkeys/chaos.js';
import { MOTO_ACCOUNT, testClients } from '../support/env.js';
import { seedDefaultFleet, seededGroup } from '../support/fleet.js';
import { identityOf } from '../support/monkey-identity.js';
import { snapshotOf } from '../support/snapshot.js';

const REGION = 'us-east-1';
const where = { account: MOTO_ACCOUNT, region: REGION };
let fleet: SeededFleet;
let snapshot: Snapshot;

const optIn = (rules?: OptInRules) => (group: Group) => decideOptIn(group, identityOf('chaos'), rules, where);
const plan = (params: Record<string, unknown>, random: () => number = () => 0, rules?: OptInRules) =>
  planChaos(snapshot, chaosParams.parse(params), optIn(rules), random);

beforeAll(async () => {
  const clients = testClients();
  fleet = await seedDefaultFleet(clients);
  snapshot = await takeSnapshot(clients, where);
});

describe('chaos plan on the default fleet', () => {
  it('picks one instance in each opted-in group only, and says why every other group is spared', () => {
    const result = plan({});
    expect(result.actions).toHaveLength(1);
    expect(result.actions[0]).toMatchObject({ kind: 'terminate-instance', group: 'web-prod', region: REGION });
    expect(seededGroup(fleet, 'web-prod').instanceIds).toContain(result.actions[0]?.resource);
    const reasons = new Map(result.skipped.map((skip) => [skip.group, skip.reason]));
    expect(reasons.get('db-prod')).toBe('opted out by simian:all=disabled');
    expect(reasons.get('api-prod')).toBe('no simian:chaos tag');
    expect(reasons.get('batch-dev')).toBe('no simian:chaos tag');
    expect(result.skipped.every((skip) => skip.guard === 'opt-in')).toBe(true);
  });

  it('never chooses a canary group, even tagged simian:all, whatever the random draw', () => {
    for (const draw of [0, 0.2, 0.4, 0.6, 0.8, 0.99]) {
      const result = plan({}, () => draw);
      expect(result.actions.map((action) => action.group)).toEqual(['web-prod']);
    }
    const aimed = plan({ group: 'web-prod-canary' });
    expect(aimed.actions).toEqual([]);
    expect(aimed.skipped).toEqual([
      expect.objectContaining({
        group: 'web-prod-canary',
        guard: 'opt-in',
        reason: 'web-prod-canary is a canary/baseline group: only a rule naming it exactly can opt it in',
      }),
    ]);
  });

  it('a rule naming the canary group exactly opts it in', () => {
    const rules = optInRulesFrom({ select: [{ names: ['web-prod-canary'] }] });
    const result = plan({ group: 'web-prod-canary' }, () => 0, rules);
    expect(result.actions).toEqual([expect.objectContaining({ group: 'web-prod-canary' })]);
  });

  it('--group aims at one group and the random draw picks among its instances', () => {
    const ids = seededGroup(fleet, 'web-prod').instanceIds;
    const picked = new Set([0, 0.5, 0.99].map((draw) => plan({ group: 'web-prod' }, () => draw).actions[0]?.resource));
    expect(picked.size).toBe(3);
    for (const id of picked) expect(ids).toContain(id);
    expect(plan({ group: 'web-prod' }).target).toEqual({ region: REGION, fault: 'terminate', group: 'web-prod' });
  });

  it('a group that does not exist is bad input', () => {
    expect(() => plan({ group: 'no-such-group' })).toThrow(InputError);
    expect(() => plan({ group: 'no-such-group' })).toThrow('Auto Scaling group "no-such-group" not found in us-east-1');
  });

  it('grouping by app puts web-prod and web-prod-canary in one unit and still never picks the canary', () => {
    const result = plan({ grouping: 'app', group: 'web' });
    expect(result.actions).toHaveLength(1);
    expect(result.actions[0]?.group).toBe('web-prod');
  });
});

describe('chaos eligibility within a group', () => {
  const group = (members: [string, string][]): Group => ({
    name: 'svc-prod',
    arn: undefined,
    tags: { 'simian:chaos': 'enabled' },
    zones: ['us-east-1a'],
    subnetIds: [],
    desired: members.length,
    min: 0,
    max: 10,
    suspendedProcesses: [],
    status: undefined,
    createdAt: undefined,
    members: members.map(([id, lifecycleState]) => ({
      id,
      zone: 'us-east-1a',
      lifecycleState,
      healthStatus: 'Healthy',
    })),
    naming: parseGroupName('svc-prod'),
  });
  const instance = (id: string, state: string): Instance => ({
    id,
    zone: 'us-east-1a',
    state,
    launchTime: undefined,
    tags: {},
    group: 'svc-prod',
    instanceType: 't3.micro',
    subnetId: undefined,
    vpcId: 'vpc-1',
    securityGroupIds: ['sg-1'],
    rootDeviceName: '/dev/xvda',
    volumes: [{ volumeId: `vol-${id}`, device: '/dev/xvda', deleteOnTermination: true }],
    privateIp: undefined,
  });

  it('only an InService, running instance is fair game; the others say why they were spared', () => {
    const local = snapshotOf(
      [
        group([
          ['i-pending', 'Pending'],
          ['i-leaving', 'Terminating'],
          ['i-stopped', 'InService'],
          ['i-ok', 'InService'],
        ]),
      ],
      {
        region: REGION,
        instances: [
          instance('i-pending', 'pending'),
          instance('i-leaving', 'shutting-down'),
          instance('i-stopped', 'stopped'),
          instance('i-ok', 'running'),
        ],
      },
    );
    for (const draw of [0, 0.5, 0.99]) {
      const result = planChaos(local, chaosParams.parse({}), optIn(), () => draw);
      expect(result.actions.map((action) => action.resource)).toEqual(['i-ok']);
    }
    const result = planChaos(local, chaosParams.parse({}), optIn(), () => 0);
    expect(new Map(result.skipped.map((skip) => [skip.resource, skip.reason]))).toEqual(
      new Map([
        ['i-leaving', 'already shutting-down'],
        ['i-stopped', 'already stopped'],
        ['i-pending', 'instance is pending'],
      ]),
    );
    const detach = planChaos(local, chaosParams.parse({ fault: 'detach-volumes' }), optIn(), () => 0);
    expect(detach.actions).toEqual([]);
    expect(detach.skipped).toContainEqual(
      expect.objectContaining({ resource: 'i-ok', guard: 'eligibility', reason: 'no non-root EBS volume to detach' }),
    );
  });

  it('refuses unknown faults and out-of-range durations with one clear message', () => {
    expect(chaosParams.safeParse({ fault: 'explode' }).error?.issues[0]?.message).toMatch(
      /^fault "explode" is unknown \(expected one of terminate, stop, reboot/,
    );
    expect(chaosParams.safeParse({ duration: '13h' }).error?.issues[0]?.message).toMatch(/out of range/);
    expect(chaosParams.safeParse({ duration: 'soon' }).success).toBe(false);
    expect(chaosParams.safeParse({ processes: ['java; reboot'] }).success).toBe(false);
  });
});
