import { describe, expect, it } from 'vitest';
import type { Effect } from '../../core/actuator/effect.js';
import { effectsWithoutPermissions, iamPolicy, READ_PERMISSIONS } from '../../core/actuator/iam-policy.js';
import { allEffects, getEffect } from '../../core/actuator/registry.js';
import { getResourceType, resourceTypes, resourceTypesWithoutPermissions } from '../../core/aws/resources/index.js';

const PERMISSION = /^[a-z0-9-]+:[A-Za-z0-9*]+$/;

describe('effect registry and IAM policy', () => {
  it('every registered effect declares well-formed permissions, a batch size and a pacing bucket', () => {
    expect(allEffects().length).toBeGreaterThanOrEqual(4);
    expect(effectsWithoutPermissions()).toEqual([]);
    for (const effect of allEffects()) {
      expect(
        effect.permissions.every((permission) => PERMISSION.test(permission)),
        effect.kind,
      ).toBe(true);
      expect(effect.batchSize, effect.kind).toBeGreaterThanOrEqual(1);
      expect(effect.pacing, effect.kind).toMatch(PERMISSION);
    }
  });

  it('every revert kind an effect builds is itself a registered effect', () => {
    const action = {
      kind: '',
      resource: 'r-1',
      group: null,
      account: '123456789012',
      region: 'us-east-1',
      zone: null,
      params: {},
    };
    for (const effect of allEffects().filter((candidate) => candidate.revertOf)) {
      let revertKind: string | undefined;
      try {
        revertKind = effect.revertOf?.({ ...action, kind: effect.kind }, {})?.kind;
      } catch {
        continue; // this revert needs captured state to be built; its own tests cover it
      }
      expect(() => getEffect(revertKind ?? ''), effect.kind).not.toThrow();
    }
  });

  it('the policy is valid JSON holding every effect permission and the read permissions', () => {
    const document = JSON.parse(JSON.stringify(iamPolicy(allEffects(), ['arn:aws:iam::111122223333:role/simian'])));
    expect(document.Version).toBe('2012-10-17');
    const granted = new Set(document.Statement.flatMap((statement: { Action: string[] }) => statement.Action));
    for (const permission of [...allEffects().flatMap((effect) => effect.permissions), ...READ_PERMISSIONS]) {
      expect(granted.has(permission), permission).toBe(true);
    }
    expect(granted.has('ec2:TerminateInstances')).toBe(true);
    expect(document.Statement.at(-1)).toEqual({
      Sid: 'SimianAssumeRoles',
      Effect: 'Allow',
      Action: ['sts:AssumeRole'],
      Resource: ['arn:aws:iam::111122223333:role/simian'],
    });
  });

  it('refuses to build a policy while an effect declares no permission', () => {
    const careless: Effect = { ...getEffect('terminate-instance'), kind: 'careless-effect', permissions: [] };
    expect(effectsWithoutPermissions([careless])).toEqual(['careless-effect']);
    expect(() => iamPolicy([...allEffects(), careless])).toThrow(/without declared permissions: careless-effect/);
  });

  it('an unknown kind fails with the list of valid ones', () => {
    expect(() => getEffect('explode-instance')).toThrow(
      /unknown action kind "explode-instance" \(valid kinds: .*reboot-instance.*terminate-instance/,
    );
  });

  it('SimianRead holds the read permissions of every resource type', () => {
    const document = iamPolicy();
    const read = document.Statement.find((statement) => statement.Sid === 'SimianRead');
    expect(resourceTypesWithoutPermissions()).toEqual([]);
    for (const type of resourceTypes) {
      expect(type.permissions.length, type.name).toBeGreaterThan(0);
      for (const permission of type.permissions)
        expect(read?.Action, `${type.name}: ${permission}`).toContain(permission);
    }
    for (const permission of ['ec2:DescribeSnapshots', 'acm:ListCertificates', 'iam:ListServerCertificates']) {
      expect(read?.Action).toContain(permission);
    }
    const actions = document.Statement.find((statement) => statement.Sid === 'SimianActions');
    expect(actions?.Action.filter((action) => read?.Action.includes(action))).toEqual([]);
  });

  it('refuses to build a policy while a resource type declares no permission', () => {
    const blind = { ...getResourceType('volume'), name: 'volume' as const, permissions: [] };
    expect(resourceTypesWithoutPermissions([blind])).toEqual(['volume']);
    expect(() => iamPolicy(allEffects(), [], [...resourceTypes, blind])).toThrow(
      /resource types without declared permissions: volume/,
    );
  });
});
