import { CreateLogGroupCommand, CreateLogStreamCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateDBClusterCommand,
  CreateDBClusterSnapshotCommand,
  CreateDBInstanceCommand,
  CreateDBSnapshotCommand,
} from '@aws-sdk/client-rds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iamPolicy, READ_PERMISSIONS } from '../../core/actuator/iam-policy.js';
import { allEffects } from '../../core/actuator/registry.js';
import {
  ACCOUNT_READ_KINDS,
  type AccountRead,
  accountReadPermissions,
  alarmStates,
  healthCheckStatus,
  serviceQuota,
} from '../../core/aws/account-reads/index.js';
import type { AwsClients } from '../../core/aws/clients.js';
import { resourceReadPermissions } from '../../core/aws/resources/index.js';
import { readConformityObserved } from '../../monkeys/conformity/observed.js';
import { observeHealth } from '../../monkeys/doctor/observe.js';
import { doctorParams } from '../../monkeys/doctor/params.js';
import { LIMITS } from '../../monkeys/howler/limits.js';
import { observeLimits } from '../../monkeys/howler/observe.js';
import { allMonkeys } from '../../monkeys/index.js';
import {
  janitorAt,
  janitorConfig,
  janitorSandbox,
  launchInstance,
  publicImage,
  REGION,
  tagList,
} from '../monkeys/janitor/harness.js';
import { OWNED } from '../monkeys/janitor/rule-case.js';
import { testClients } from '../support/env.js';

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

/** The read calls (Describe, List, Get) counted since the last reset, as IAM permissions. */
function readsCalled(clients: AwsClients): string[] {
  return Object.keys(clients.counter.snapshot())
    .filter((counted) => /:(Describe|List|Get)[A-Z]/.test(counted))
    .map(permissionOf);
}

/** What the declarations name: every account read's and every resource type's permissions. */
const declaredReads = () => new Set([...accountReadPermissions(), ...resourceReadPermissions()]);

describe("a Doctor run's metric reads and a Janitor run's log group and RDS snapshot reads are declared (real moto)", () => {
  const { clients, redis } = janitorSandbox();

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

  it('every read of a Janitor run over log groups and RDS snapshots is declared, but those not moved yet', async () => {
    const logs = clients.logs({ region: REGION });
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/declared/reads', tags: OWNED }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: '/declared/reads', logStreamName: 'one' }));
    const rds = clients.rds({ region: REGION });
    await rds.send(
      new CreateDBInstanceCommand({
        DBInstanceIdentifier: 'declared-reads',
        DBInstanceClass: 'db.t3.micro',
        Engine: 'postgres',
        MasterUsername: 'orders',
        MasterUserPassword: 'not-a-secret-1',
        AllocatedStorage: 20,
      }),
    );
    await rds.send(
      new CreateDBSnapshotCommand({
        DBInstanceIdentifier: 'declared-reads',
        DBSnapshotIdentifier: 'declared-reads-1',
        Tags: tagList(OWNED),
      }),
    );
    await rds.send(
      new CreateDBClusterCommand({
        DBClusterIdentifier: 'declared-reads-cluster',
        Engine: 'aurora-postgresql',
        MasterUsername: 'orders',
        MasterUserPassword: 'not-a-secret-1',
      }),
    );
    await rds.send(
      new CreateDBClusterSnapshotCommand({
        DBClusterIdentifier: 'declared-reads-cluster',
        DBClusterSnapshotIdentifier: 'declared-reads-cluster-1',
        Tags: tagList(OWNED),
      }),
    );
    clients.counter.reset();
    const janitor = janitorAt(clients, redis, janitorConfig());
    await janitor.run(
      {
        types: ['log-group', 'rds-snapshot', 'rds-cluster-snapshot'],
        rules: {
          'idle-log-group': { days: 0 },
          'old-rds-snapshot': { days: 0 },
          'old-rds-cluster-snapshot': { days: 0 },
        },
      },
      { dryRun: true },
    );
    const called = readsCalled(clients);
    for (const read of [
      'logs:DescribeLogStreams',
      'cloudtrail:DescribeTrails',
      'rds:DescribeDBClusterSnapshotAttributes',
    ])
      expect(called, read).toContain(read);
    // READ_PERMISSIONS holds the reads not declared yet (the list only shrinks): every other read must be declared.
    const declared = declaredReads();
    const undeclared = called.filter(
      (permission) => !declared.has(permission) && !READ_PERMISSIONS.includes(permission),
    );
    expect(undeclared).toEqual([]);
  });
});
