import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iamPolicy, READ_PERMISSIONS } from '../../core/actuator/iam-policy.js';
import { allEffects } from '../../core/actuator/registry.js';
import { ACCOUNT_READ_KINDS, accountReadPermissions } from '../../core/aws/account-reads/index.js';
import type { AwsClients } from '../../core/aws/clients.js';
import { resourceReadPermissions } from '../../core/aws/resources/index.js';
import { LIMITS } from '../../monkeys/howler/limits.js';
import { observeLimits } from '../../monkeys/howler/observe.js';
import { allMonkeys } from '../../monkeys/index.js';
import { testClients } from '../support/env.js';

/** The IAM prefix of each service as AwsClients' call counter names it. */
const IAM_PREFIX: Record<string, string> = {
  AutoScaling: 'autoscaling',
  EC2: 'ec2',
  ELBv2: 'elasticloadbalancing',
  Route53: 'route53',
  ServiceQuotas: 'servicequotas',
};

function permissionOf(counted: string): string {
  const [service = '', operation = ''] = counted.split(':');
  return `${IAM_PREFIX[service] ?? service}:${operation}`;
}

describe('account reads (quotas, limits, usage counts): declared once, granted from the declarations', () => {
  it('every kind declares well-formed permissions and a counted service', () => {
    for (const kind of ACCOUNT_READ_KINDS) {
      expect(kind.permissions.length, kind.kind).toBeGreaterThan(0);
      for (const permission of kind.permissions) expect(permission, kind.kind).toMatch(/^[a-z0-9-]+:[A-Za-z0-9]+$/);
      expect(Object.keys(IAM_PREFIX), kind.kind).toContain(kind.service);
    }
    expect(new Set(ACCOUNT_READ_KINDS.map((kind) => kind.kind)).size).toBe(ACCOUNT_READ_KINDS.length);
  });

  it('simian iam-policy grants every declared account read, taken from the declarations (no hand-kept copy)', () => {
    const read = iamPolicy(allEffects(), { monkeys: allMonkeys() }).Statement.find(
      (statement) => statement.Sid === 'SimianRead',
    );
    for (const permission of accountReadPermissions()) expect(read?.Action, permission).toContain(permission);
    // A permission only a declared read needs, kept by hand too, would stay granted after its read is gone.
    const ofTypes = new Set(resourceReadPermissions());
    const handKept = accountReadPermissions().filter(
      (permission) => READ_PERMISSIONS.includes(permission) && !ofTypes.has(permission),
    );
    expect(handKept).toEqual([]);
  });
});

describe('Howler reads only through declared account reads (real moto)', () => {
  let clients: AwsClients;
  beforeAll(() => {
    clients = testClients();
  });
  afterAll(() => clients.destroy());

  it('every call of a Howler run is a permission some declared read names', async () => {
    clients.counter.reset();
    await observeLimits(LIMITS, clients.readOnly(), { region: 'us-east-1' });
    const declared = new Set(accountReadPermissions());
    const called = Object.keys(clients.counter.snapshot()).map(permissionOf);
    expect(called.length).toBeGreaterThan(0);
    expect(called.filter((permission) => !declared.has(permission))).toEqual([]);
  });
});
