import { runSimulation } from '@cloud-copilot/iam-simulate';
import { describe, expect, it } from 'vitest';
import { effectsOfMonkey } from '../../core/actuator/effect.js';
import { RESTORED_TAG } from '../../core/actuator/effects/restored-tag.js';
import { RESOURCE_ARNS, TAG_CONDITIONS, type TagScope } from '../../core/actuator/iam-conditions.js';
import { iamPolicy, type PolicyDocument } from '../../core/actuator/iam-policy.js';
import { allEffects } from '../../core/actuator/registry.js';
import { allMonkeys, getMonkey } from '../../monkeys/index.js';

/**
 * The policy as AWS evaluates it (a real IAM policy simulator): the whole set, every monkey's statements attached to
 * one role as the docs advise, and each monkey calling under its own session tag. For every monkey and every
 * destructive action it takes, only a resource opted in to that very monkey is open.
 */
const ACCOUNT = '111122223333';
const PRINCIPAL = `arn:aws:sts::${ACCOUNT}:assumed-role/simian/simian`;

type Verdict = 'Allowed' | 'ImplicitlyDenied' | 'ExplicitlyDenied' | 'error';

async function simulate(
  policy: PolicyDocument,
  action: string,
  resource: string,
  context: Record<string, string | string[]>,
  extra: PolicyDocument[] = [],
): Promise<Verdict> {
  const result = await runSimulation(
    {
      request: { principal: PRINCIPAL, action, resource: { resource, accountId: ACCOUNT }, contextVariables: context },
      identityPolicies: [policy, ...extra].map((document, index) => ({ name: `p${index}`, policy: document })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    },
    {},
  );
  if (result.resultType === 'error') throw new Error(`${action} on ${resource}: ${JSON.stringify(result.errors)}`);
  if (result.resultType !== 'single') throw new Error(`${action}: a wildcard simulation for ${resource}`);
  // A context key the simulator dropped as not applying would make the verdict say nothing about our conditions.
  expect(result.result.ignoredContextKeys ?? [], `${action} on ${resource}`).toEqual([]);
  return result.overallResult as Verdict;
}

/** An ARN of the kind a pattern of RESOURCE_ARNS matches, in one region and account. */
function exampleArn(pattern: string): string {
  const parts = pattern.split(':');
  if (parts[3] === '*') parts[3] = 'us-east-1';
  if (parts[4] === '*') parts[4] = ACCOUNT;
  return parts.join(':').replaceAll('*', 'x1');
}

const actingMonkeys = () => allMonkeys().filter((monkey) => monkey.kind !== 'report');

/** Every (monkey, destructive permission, scope) of a monkey's own actions that AWS conditions on the opt-in. */
function destructiveCases() {
  return actingMonkeys().flatMap((monkey) => {
    const permissions = [
      ...new Set(
        effectsOfMonkey(monkey.effects ?? [])
          .filter((effect) => !effect.revert)
          .flatMap((effect) => effect.permissions),
      ),
    ];
    return permissions.flatMap((permission) =>
      (TAG_CONDITIONS[permission]?.scopes ?? [])
        .filter((scope) => scope.match.kind === 'opt-in')
        .map((scope) => ({ monkey, permission, scope })),
    );
  });
}

const tagKey = (scope: TagScope, key: string) => `${scope.prefix}/${key}`;
const actingAs = (monkey: string) => ({ 'aws:PrincipalTag/simian-monkey': monkey });

describe('the IAM policy as AWS evaluates it (iam-simulate), every monkey on one role', () => {
  const policy = iamPolicy(allEffects(), { monkeys: allMonkeys() });

  it('covers every acting monkey with destructive actions', () => {
    const monkeys = new Set(destructiveCases().map((entry) => entry.monkey.name));
    expect([...monkeys].sort()).toEqual(['chaos', 'circus', 'doctor', 'gorilla', 'janitor', 'kong', 'latency']);
    // Every type the Janitor deletes is simulated on its own resource, Aurora cluster snapshots among them.
    const janitorDeletes = destructiveCases()
      .filter((entry) => entry.monkey.name === 'janitor')
      .map((entry) => `${entry.permission} on ${entry.scope.resource}`);
    expect(janitorDeletes).toEqual(
      expect.arrayContaining([
        'rds:DeleteDBSnapshot on rds-snapshot',
        'rds:DeleteDBClusterSnapshot on rds-cluster-snapshot',
        'logs:DeleteLogGroup on log-group',
      ]),
    );
  });

  it('denies an untagged resource, one opted in to another monkey only, and one disabled beside simian:all=enabled', async () => {
    for (const { monkey, permission, scope } of destructiveCases()) {
      const resource = exampleArn(RESOURCE_ARNS[scope.resource]);
      const other = monkey.name === 'chaos' ? 'gorilla' : 'chaos';
      const where = `${monkey.name} ${permission} on ${scope.resource}`;
      expect(await simulate(policy, permission, resource, actingAs(monkey.name)), `${where}, untagged`).not.toBe(
        'Allowed',
      );
      expect(
        await simulate(policy, permission, resource, {
          ...actingAs(monkey.name),
          [tagKey(scope, `simian:${other}`)]: 'enabled',
        }),
        `${where}, opted in to ${other} only`,
      ).not.toBe('Allowed');
      for (const value of ['Disabled', 'off']) {
        expect(
          await simulate(policy, permission, resource, {
            ...actingAs(monkey.name),
            [tagKey(scope, 'simian:all')]: 'enabled',
            [tagKey(scope, `simian:${monkey.name}`)]: value,
            [tagKey(scope, 'simian:janitor:delete-after')]: '2026-01-01T00:00:00Z',
          }),
          `${where}, ${value} beside simian:all=enabled`,
        ).not.toBe('Allowed');
      }
    }
  }, 120_000);

  it('allows a resource opted in to that monkey (any case, true too); the Janitor only what bears its mark', async () => {
    for (const { monkey, permission, scope } of destructiveCases()) {
      const resource = exampleArn(RESOURCE_ARNS[scope.resource]);
      const where = `${monkey.name} ${permission} on ${scope.resource}`;
      if (monkey.kind === 'janitor') {
        const mark = { [tagKey(scope, 'simian:janitor:delete-after')]: '2026-01-01T00:00:00Z' };
        expect(await simulate(policy, permission, resource, { ...actingAs('janitor'), ...mark }), where).toBe(
          'Allowed',
        );
        expect(
          await simulate(policy, permission, resource, {
            ...actingAs('janitor'),
            [tagKey(scope, 'simian:janitor')]: 'enabled',
          }),
          `${where}: opted in but unmarked`,
        ).not.toBe('Allowed');
        // Opt-out on either key, or a value that is no opt-in (someone's attempt to opt out), spares a marked one.
        for (const [key, value] of [
          ['simian:all', 'disabled'],
          ['simian:all', 'FALSE'],
          ['simian:janitor', 'off'],
          ['simian:janitor', 'keep'],
          ['simian:all', 'no'],
        ] as const) {
          expect(
            await simulate(policy, permission, resource, {
              ...actingAs('janitor'),
              ...mark,
              [tagKey(scope, key)]: value,
            }),
            `${where}: marked but ${key}=${value}`,
          ).not.toBe('Allowed');
        }
        continue;
      }
      for (const value of ['enabled', 'ENABLED', 'true']) {
        expect(
          await simulate(policy, permission, resource, {
            ...actingAs(monkey.name),
            [tagKey(scope, `simian:${monkey.name}`)]: value,
          }),
          `${where}: simian:${monkey.name}=${value}`,
        ).toBe('Allowed');
      }
      expect(
        await simulate(policy, permission, resource, {
          ...actingAs(monkey.name),
          [tagKey(scope, 'simian:all')]: 'Enabled',
        }),
        `${where}: simian:all=Enabled`,
      ).toBe('Allowed');
      // Another monkey's session gets nothing from this opt-in.
      expect(
        await simulate(policy, permission, resource, {
          ...actingAs(monkey.name === 'doctor' ? 'circus' : 'doctor'),
          [tagKey(scope, `simian:${monkey.name}`)]: 'enabled',
        }),
        `${where}: another monkey's session`,
      ).not.toBe('Allowed');
    }
  }, 120_000);

  it('keeps a monkey off an opted-out resource even when another policy of the role allows everything', async () => {
    const everything: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [{ Sid: 'Broad', Effect: 'Allow', Action: ['ec2:*'], Resource: '*' }],
    };
    const instance = exampleArn(RESOURCE_ARNS.instance);
    const optedOut = { 'aws:ResourceTag/simian:chaos': 'disabled', 'aws:ResourceTag/simian:all': 'enabled' };
    expect(
      await simulate(policy, 'ec2:TerminateInstances', instance, { ...actingAs('chaos'), ...optedOut }, [everything]),
    ).toBe('ExplicitlyDenied');
    const allOut = { 'aws:ResourceTag/simian:all': 'FALSE', 'aws:ResourceTag/simian:chaos': 'enabled' };
    expect(
      await simulate(policy, 'ec2:TerminateInstances', instance, { ...actingAs('chaos'), ...allOut }, [everything]),
    ).toBe('ExplicitlyDenied');
  });

  it('lets a revert put back what opted out since, only under the revert session tag and only where the key is', async () => {
    const instance = exampleArn(RESOURCE_ARNS.instance);
    const optedOut = { 'aws:ResourceTag/simian:chaos': 'disabled', 'aws:ResourceTag/simian:all': 'enabled' };
    const revert = { 'aws:PrincipalTag/simian-revert': 'chaos' };
    for (const permission of ['ec2:StartInstances', 'ec2:ModifyInstanceAttribute']) {
      expect(await simulate(policy, permission, instance, { ...revert, ...optedOut }), permission).toBe('Allowed');
      expect(await simulate(policy, permission, instance, revert), `${permission}, never tagged`).not.toBe('Allowed');
    }
    // The monkey's own session may not start an instance (only the revert of a stop does), nor swap an opted-out one.
    expect(await simulate(policy, 'ec2:StartInstances', instance, { ...actingAs('chaos'), ...optedOut })).not.toBe(
      'Allowed',
    );
    expect(
      await simulate(policy, 'ec2:ModifyInstanceAttribute', instance, { ...actingAs('chaos'), ...optedOut }),
    ).not.toBe('Allowed');
    // A revert session cannot terminate anything.
    expect(
      await simulate(policy, 'ec2:TerminateInstances', instance, {
        ...revert,
        'aws:ResourceTag/simian:chaos': 'enabled',
      }),
    ).not.toBe('Allowed');
  });

  it("lets the Janitor's restores create only what carries simian:janitor:restored, under its session alone", async () => {
    const cases = (getMonkey('janitor').effects ?? [])
      .flatMap((declared) => declared.revert?.permissions ?? [])
      .flatMap((permission) =>
        (TAG_CONDITIONS[permission]?.scopes ?? [])
          .filter((scope) => scope.match.kind !== 'opt-in' && 'key' in scope.match && scope.match.key === RESTORED_TAG)
          .map((scope) => ({ permission, scope })),
      );
    // Every type a restore creates is conditioned on it (a launch configuration cannot be tagged: docs/iam.md).
    expect(new Set(cases.map((entry) => entry.permission))).toEqual(
      new Set([
        'ec2:CreateVolume',
        'ec2:RegisterImage',
        'autoscaling:CreateAutoScalingGroup',
        'elasticloadbalancing:CreateLoadBalancer',
        'elasticloadbalancing:CreateTargetGroup',
        'elasticloadbalancing:ConfigureHealthCheck',
        'ec2:CreateSecurityGroup',
        'ec2:AuthorizeSecurityGroupIngress',
        'ec2:AuthorizeSecurityGroupEgress',
        'ec2:RevokeSecurityGroupEgress',
        'ec2:CreateNetworkInterface',
        'ec2:AllocateAddress',
      ]),
    );
    for (const { permission, scope } of cases) {
      const resource = exampleArn(RESOURCE_ARNS[scope.resource]);
      const key = scope.match.kind === 'created-owned' ? `aws:RequestTag/${RESTORED_TAG}` : tagKey(scope, RESTORED_TAG);
      const where = `${permission} on ${scope.resource}`;
      const janitor = actingAs('janitor');
      expect(await simulate(policy, permission, resource, { ...janitor, [key]: 'true' }), where).toBe('Allowed');
      expect(await simulate(policy, permission, resource, janitor), `${where}, without the tag`).not.toBe('Allowed');
      expect(await simulate(policy, permission, resource, { ...janitor, [key]: 'false' }), `${where}, =false`).not.toBe(
        'Allowed',
      );
      // Chaos also creates and narrows security groups (its own, simian:owned): the restore's tag opens nothing to it.
      expect(
        await simulate(policy, permission, resource, { ...actingAs('chaos'), [key]: 'true' }),
        `${where}, chaos's session`,
      ).not.toBe('Allowed');
    }
  }, 120_000);

  it('gives no session tag, no mutating call at all', async () => {
    const instance = exampleArn(RESOURCE_ARNS.instance);
    expect(
      await simulate(policy, 'ec2:TerminateInstances', instance, {
        'aws:ResourceTag/simian:all': 'enabled',
        'aws:ResourceTag/simian:janitor:delete-after': '2026-01-01T00:00:00Z',
      }),
    ).not.toBe('Allowed');
    expect(await simulate(policy, 'ec2:DescribeInstances', '*', {})).toBe('Allowed');
  });
});

describe("Kong's Route 53 changes as AWS evaluates them", () => {
  const zone = 'Z0123456789ABC';
  const policy = iamPolicy(allEffects(), {
    monkeys: [getMonkey('kong')],
    records: [{ hostedZoneId: zone, name: 'API.example.com.', type: 'A' }],
  });
  const change = (
    zoneId: string,
    names: string[],
    types: string[],
    actions: string[],
    session: Record<string, string> = actingAs('kong'),
  ) =>
    simulate(policy, 'route53:ChangeResourceRecordSets', `arn:aws:route53:::hostedzone/${zoneId}`, {
      ...session,
      'route53:ChangeResourceRecordSetsNormalizedRecordNames': names,
      'route53:ChangeResourceRecordSetsRecordTypes': types,
      'route53:ChangeResourceRecordSetsActions': actions,
    });

  it('allows an UPSERT of the configured record only, in its zone, by kong or its revert', async () => {
    expect(await change(zone, ['api.example.com'], ['A'], ['UPSERT'])).toBe('Allowed');
    expect(
      await change(zone, ['api.example.com'], ['A'], ['UPSERT'], { 'aws:PrincipalTag/simian-revert': 'kong' }),
    ).toBe('Allowed');
    expect(await change(zone, ['www.example.com'], ['A'], ['UPSERT']), 'another name').not.toBe('Allowed');
    expect(await change(zone, ['api.example.com', 'www.example.com'], ['A'], ['UPSERT']), 'one more name').not.toBe(
      'Allowed',
    );
    expect(await change(zone, ['api.example.com'], ['TXT'], ['UPSERT']), 'another type').not.toBe('Allowed');
    expect(await change(zone, ['api.example.com'], ['A'], ['DELETE']), 'a deletion').not.toBe('Allowed');
    expect(await change('ZOTHERZONE', ['api.example.com'], ['A'], ['UPSERT']), 'another zone').not.toBe('Allowed');
    expect(await change(zone, ['api.example.com'], ['A'], ['UPSERT'], actingAs('chaos')), 'chaos').not.toBe('Allowed');
  });
});
