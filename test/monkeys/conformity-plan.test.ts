import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../core/fleet/model.js';
import { conformity } from '../../monkeys/conformity.js';
import { makeInstance } from '../support/fleet.js';
import { snapshotOf } from '../support/snapshot.js';

const NOW = new Date('2026-12-01T12:00:00Z');

/**
 * Rules moto cannot show a violation of, checked on the plan over a snapshot built in memory: moto sets every
 * LaunchTime to the moment of RunInstances (no instance is 180 days old) and cannot launch outside a VPC.
 */
function planOver(instances: Snapshot['instances'], params: Record<string, unknown> = {}) {
  const plan = conformity.plan({
    snapshot: snapshotOf([], { takenAt: NOW, instances }),
    params: conformity.params.parse(params),
    optIn: () => ({ group: '', monkey: 'conformity', eligible: true, reason: 'report' }),
    random: Math.random,
    now: NOW,
    observed: { crossZone: {} },
    tags: { owner: 'owner', ownerKeys: ['team'], prefix: 'simian' },
  });
  return plan.findings ?? [];
}

const instance = (id: string, fields: Partial<Snapshot['instances'][number]>) => ({
  ...makeInstance(id, 'us-east-1a', 'web-prod'),
  vpcId: 'vpc-1',
  metadataHttpTokens: 'required',
  tags: { owner: 'web@example.com' },
  ...fields,
});

describe('conformity rules moto cannot reproduce (plan over an in-memory snapshot)', () => {
  it('instance-too-old: launched 200 days ago, not 30 days ago; maxAgeDays moves the line', () => {
    const old = instance('i-00000000000000001', { launchTime: new Date('2026-05-15T12:00:00Z') });
    const young = instance('i-00000000000000002', { launchTime: new Date('2026-11-01T12:00:00Z') });
    const findings = planOver([old, young]).filter((finding) => finding.rule === 'instance-too-old');
    expect(findings).toEqual([
      expect.objectContaining({
        resource: old.id,
        severity: 'warning',
        owner: 'web@example.com',
        reason: `instance ${old.id} was launched 200 days ago (2026-05-15), over the 180 allowed: replace it with a fresh one`,
      }),
    ]);
    const strict = planOver([old, young], { rules: { 'instance-too-old': { maxAgeDays: 20 } } });
    expect(strict.filter((f) => f.rule === 'instance-too-old').map((f) => f.resource)).toEqual([old.id, young.id]);
  });

  it('instance-not-in-vpc: an EC2-Classic instance, not one in a VPC; the owner comes from tags.ownerKeys too', () => {
    const classic = instance('i-00000000000000003', { vpcId: undefined, tags: { team: 'legacy' } });
    const inVpc = instance('i-00000000000000004', {});
    const findings = planOver([classic, inVpc]).filter((finding) => finding.rule === 'instance-not-in-vpc');
    expect(findings.map((finding) => [finding.resource, finding.owner])).toEqual([[classic.id, 'legacy']]);
  });

  it('terminated instances are not reported', () => {
    const gone = instance('i-00000000000000005', { vpcId: undefined, state: 'terminated' });
    expect(planOver([gone])).toEqual([]);
  });
});
