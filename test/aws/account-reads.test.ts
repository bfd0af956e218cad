import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iamPolicy, isReadPermission, READ_PERMISSIONS } from '../../core/actuator/iam-policy.js';
import { allEffects } from '../../core/actuator/registry.js';
import {
  ACCOUNT_READ_KINDS,
  type AccountRead,
  accountReadPermissions,
  alarmStates,
  balancerListeners,
  healthCheckStatus,
  imageSharedWith,
  instanceInterfaces,
  launchTemplateVersions,
  lifecycleHooks,
  listenerRules,
  registeredTargets,
  serviceQuota,
  snapshotSharedWith,
  ssmParameterValues,
  terminationProtected,
  warmPool,
} from '../../core/aws/account-reads/index.js';
import type { AwsClients } from '../../core/aws/clients.js';
import { resourceReadPermissions } from '../../core/aws/resources/index.js';
import { readConformityObserved } from '../../monkeys/conformity/observed.js';
import { observeHealth } from '../../monkeys/doctor/observe.js';
import { doctorParams } from '../../monkeys/doctor/params.js';
import { LIMITS } from '../../monkeys/howler/limits.js';
import { observeLimits } from '../../monkeys/howler/observe.js';
import { allMonkeys } from '../../monkeys/index.js';
import { RULE_IDS } from '../../monkeys/janitor/rules/index.js';
import { seedEveryJanitorRead } from '../monkeys/janitor/every-read-world.js';
import { janitorAt, janitorConfig, launchInstance, publicImage, REGION } from '../monkeys/janitor/harness.js';
import { testClients, testRedis } from '../support/env.js';

/** The IAM prefix of each service as AwsClients' call counter names it. */
const IAM_PREFIX: Record<string, string> = {
  AutoScaling: 'autoscaling',
  CloudTrail: 'cloudtrail',
  CloudWatch: 'cloudwatch',
  EC2: 'ec2',
  ECS: 'ecs',
  ELB: 'elasticloadbalancing',
  ELBv2: 'elasticloadbalancing',
  IAM: 'iam',
  Lambda: 'lambda',
  Logs: 'logs',
  RDS: 'rds',
  Route53: 'route53',
  ServiceQuotas: 'servicequotas',
  SSM: 'ssm',
  STS: 'sts',
};

function permissionOf(counted: string): string {
  const [service = '', operation = ''] = counted.split(':');
  return `${IAM_PREFIX[service] ?? service}:${operation}`;
}

/** One of each of the Janitor's reads about particular resources (their parameters), as its use reads make them. */
const JANITOR_PARAMETRIC_READS: readonly AccountRead<unknown>[] = [
  imageSharedWith('ami-1'),
  snapshotSharedWith('snap-1'),
  terminationProtected('i-1'),
  launchTemplateVersions('lt-1'),
  registeredTargets('arn:tg'),
  balancerListeners('arn:lb'),
  listenerRules('arn:listener'),
  warmPool('web'),
  lifecycleHooks('web'),
  instanceInterfaces(['i-1']),
  ssmParameterValues(['/golden/ami']),
];

describe('account reads (quotas, limits, usage counts): declared once, granted from the declarations', () => {
  it('every kind declares well-formed permissions and a counted service', () => {
    for (const kind of ACCOUNT_READ_KINDS) {
      expect(kind.permissions.length, kind.kind).toBeGreaterThan(0);
      for (const permission of kind.permissions) expect(permission, kind.kind).toMatch(/^[a-z0-9-]+:[A-Za-z0-9]+$/);
      expect(Object.keys(IAM_PREFIX), kind.kind).toContain(kind.service);
    }
    expect(new Set(ACCOUNT_READ_KINDS.map((kind) => kind.kind)).size).toBe(ACCOUNT_READ_KINDS.length);
  });

  it('every declared read is of a registered kind, with the permissions of its kind (else the policy would miss it)', async () => {
    const exported: unknown[] = Object.values(await import('../../core/aws/account-reads/index.js'));
    const declared = exported.filter(
      (value): value is AccountRead<unknown> => typeof value === 'object' && value !== null && 'read' in value,
    );
    expect(declared.length).toBeGreaterThan(10);
    for (const read of [
      ...declared,
      serviceQuota('ec2', 'L-0263D0A3'),
      alarmStates(['web-5xx']),
      healthCheckStatus('abc'),
      ...JANITOR_PARAMETRIC_READS,
    ]) {
      const kind = ACCOUNT_READ_KINDS.find((registered) => registered.kind === read.kind);
      expect(kind?.permissions, read.name).toEqual(read.permissions);
    }
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

describe('what Doctor and Conformity observe is granted by the policy (real moto)', () => {
  let clients: AwsClients;
  beforeAll(() => {
    clients = testClients();
  });
  afterAll(() => clients.destroy());

  const observers: Record<string, (clients: AwsClients) => Promise<unknown>> = {
    doctor: (readOnly) => observeHealth(doctorParams.parse({}), readOnly, { region: 'us-east-1' }),
    conformity: (readOnly) => readConformityObserved(readOnly, { region: 'us-east-1' }),
  };

  for (const [monkey, observe] of Object.entries(observers)) {
    it(`every call of ${monkey}'s observe step is a permission simian iam-policy grants`, async () => {
      clients.counter.reset();
      await observe(clients.readOnly());
      const read = iamPolicy(allEffects(), { monkeys: allMonkeys() }).Statement.find(
        (statement) => statement.Sid === 'SimianRead',
      );
      const called = Object.keys(clients.counter.snapshot()).map(permissionOf);
      expect(called.length).toBeGreaterThan(0);
      expect(called.filter((permission) => !read?.Action.includes(permission))).toEqual([]);
    });
  }
});

/** The read calls counted since the last reset, as IAM permissions, each once. */
function readsCalled(clients: AwsClients): string[] {
  return [...new Set(Object.keys(clients.counter.snapshot()).map(permissionOf).filter(isReadPermission))];
}

/** What the declarations name: every account read's and every resource type's permissions. */
const declaredReads = () => new Set([...accountReadPermissions(), ...resourceReadPermissions()]);

/** Every rule on, finding its resources unused from the first day: every candidate's own attributes are read too. */
const EVERY_RULE_AT_ONCE = { rules: Object.fromEntries(RULE_IDS.map((rule) => [rule, { enabled: true, days: 0 }])) };

/**
 * Reads a Janitor run still makes by hand (granted by READ_PERMISSIONS or the monkey's declarations), with where.
 * The list only shrinks: an entry a declared read or a resource type now names fails the test, to be removed here.
 */
const STILL_BY_HAND: Record<string, string> = {
  'sts:GetCallerIdentity': 'the account the credentials act in (core/aws/real-account.ts)',
  'iam:ListAccountAliases': 'the alias of that account (core/aws/real-account.ts)',
};

describe('a Janitor run reads through declared reads and resource types (real moto)', () => {
  let clients: AwsClients;
  beforeAll(() => {
    clients = testClients();
  });
  afterAll(() => clients.destroy());

  it('every read of a dry run judging every type is granted, and named by a declared read or a resource type', async () => {
    await seedEveryJanitorRead(clients);
    const redis = testRedis();
    clients.counter.reset();
    const report = await janitorAt(clients, redis, janitorConfig()).run(EVERY_RULE_AT_ONCE, { dryRun: true });
    await redis.quit();
    expect(report.refused).toBeUndefined();
    const granted = iamPolicy(allEffects(), { monkeys: allMonkeys() }).Statement.find(
      (statement) => statement.Sid === 'SimianRead',
    );
    const declared = declaredReads();
    const called = readsCalled(clients);
    expect(called.length).toBeGreaterThan(20);
    expect(called.filter((permission) => !granted?.Action.includes(permission))).toEqual([]);
    expect(called.filter((permission) => !declared.has(permission) && !(permission in STILL_BY_HAND))).toEqual([]);
    expect(Object.keys(STILL_BY_HAND).filter((permission) => declared.has(permission))).toEqual([]);
  });
});

describe("a Doctor run's metric reads are declared (real moto)", () => {
  let clients: AwsClients;
  beforeAll(() => {
    clients = testClients();
  });
  afterAll(() => clients.destroy());

  it('every read of Doctor observing an instance with a metric rule is a permission some declared read names', async () => {
    await launchInstance(clients, await publicImage(clients));
    const params = doctorParams.parse({});
    expect(params.rules.some((rule) => rule.source === 'metric')).toBe(true);
    clients.counter.reset();
    await observeHealth(params, clients.readOnly(), { region: REGION });
    const called = readsCalled(clients);
    expect(called).toContain('cloudwatch:GetMetricData');
    const declared = declaredReads();
    expect(called.filter((permission) => !declared.has(permission))).toEqual([]);
  });
});
