import {
  CreateLaunchTemplateCommand,
  DescribeInstanceAttributeCommand,
  DescribeSnapshotAttributeCommand,
  type Snapshot,
  StopInstancesCommand,
} from '@aws-sdk/client-ec2';
import {
  CreateDBClusterCommand,
  CreateDBClusterSnapshotCommand,
  CreateDBInstanceCommand,
  CreateDBSnapshotCommand,
  type RDSClient,
} from '@aws-sdk/client-rds';
import { describe, expect, it } from 'vitest';
import type { AwsClients } from '../../../core/aws/clients.js';
import type { ResourceRecord } from '../../../core/aws/resources/types.js';
import { oldRdsClusterSnapshot } from '../../../monkeys/janitor/rules/old-rds-cluster-snapshot.js';
import { oldRdsSnapshot } from '../../../monkeys/janitor/rules/old-rds-snapshot.js';
import type { JanitorRule } from '../../../monkeys/janitor/rules/rule.js';
import { unusedSnapshot } from '../../../monkeys/janitor/rules/unused-snapshot.js';
import { buildUseIndex } from '../../../monkeys/janitor/uses.js';
import { NOTHING_OBSERVED, type World } from '../../../monkeys/janitor/world.js';
import { MOTO_ACCOUNT, testClients } from '../../support/env.js';
import {
  actionsOf,
  createSnapshot,
  createVolume,
  ec2,
  janitorAt,
  janitorConfig,
  janitorSandbox,
  launchInstance,
  publicImage,
  tagList,
} from './harness.js';

const { clients, redis } = janitorSandbox();
const REGION = 'us-east-1';

/**
 * Clients whose reads record every id asked of a per-resource attribute call (the janitor's prepare uses them), and
 * the most such calls that were ever in flight at once.
 */
function watchedClients(): { clients: AwsClients; asked: Map<string, string[]>; mostInFlight: () => number } {
  const watched = testClients();
  const asked = new Map<string, string[]>();
  let inFlight = 0;
  let most = 0;
  const reader = watched.readOnly().ec2({ region: REGION, account: MOTO_ACCOUNT });
  reader.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { SnapshotId?: string; InstanceId?: string; ImageId?: string };
      const id = input.SnapshotId ?? input.InstanceId ?? input.ImageId;
      if (!context.commandName?.endsWith('AttributeCommand') || !id) return next(args);
      asked.set(context.commandName, [...(asked.get(context.commandName) ?? []), id]);
      inFlight += 1;
      most = Math.max(most, inFlight);
      try {
        return await next(args);
      } finally {
        inFlight -= 1;
      }
    },
    { step: 'initialize', name: 'recordAttributeReads' },
  );
  // RDS names a snapshot by its identifier: who may restore it, one call each.
  watched
    .readOnly()
    .rds({ region: REGION, account: MOTO_ACCOUNT })
    .middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { DBSnapshotIdentifier?: string; DBClusterSnapshotIdentifier?: string };
        const id = input.DBSnapshotIdentifier ?? input.DBClusterSnapshotIdentifier;
        if (RDS_SHARING_READS.includes(context.commandName ?? '') && id)
          asked.set(RDS_SHARING, [...(asked.get(RDS_SHARING) ?? []), id]);
        return next(args);
      },
      { step: 'initialize', name: 'recordRdsAttributeReads' },
    );
  return { clients: watched, asked, mostInFlight: () => most };
}

/** Who may restore an RDS or Aurora snapshot: one call each, recorded together. */
const RDS_SHARING = 'rds-sharing';
const RDS_SHARING_READS = ['DescribeDBSnapshotAttributesCommand', 'DescribeDBClusterSnapshotAttributesCommand'];

const snapshotReads = DescribeSnapshotAttributeCommand.name;
const instanceReads = DescribeInstanceAttributeCommand.name;

describe('per-resource attribute reads (one call each): for the candidates alone', () => {
  it('asks who may use a snapshot only of candidates: never of one a template uses, one opted out, one too young', async () => {
    const watched = watchedClients();
    const volume = await createVolume(clients);
    const [inTemplate, optedOut, candidate] = [
      await createSnapshot(clients, volume),
      await createSnapshot(clients, volume, { 'simian:janitor': 'disabled' }),
      await createSnapshot(clients, volume),
    ];
    await ec2(clients).send(
      new CreateLaunchTemplateCommand({
        LaunchTemplateName: `attribute-reads-${inTemplate}`,
        LaunchTemplateData: { BlockDeviceMappings: [{ DeviceName: '/dev/sdb', Ebs: { SnapshotId: inTemplate } }] },
      }),
    );
    const janitor = janitorAt(watched.clients, redis, janitorConfig());
    const report = await janitor.run(
      { types: ['snapshot'], rules: { 'unused-snapshot': { days: 0 } } },
      { dryRun: true },
    );
    const asked = watched.asked.get(snapshotReads) ?? [];
    expect(actionsOf(report, 'mark-for-janitor')).toContain(candidate);
    expect(asked).toContain(candidate);
    expect(asked).not.toContain(inTemplate);
    expect(asked).not.toContain(optedOut);

    // Younger than the rule's days: no candidate, so nothing is asked of it.
    const young = await createSnapshot(clients, volume);
    watched.asked.clear();
    const later = await janitor.run(
      { types: ['snapshot'], rules: { 'unused-snapshot': { days: 30 } } },
      { dryRun: true },
    );
    expect(actionsOf(later, 'mark-for-janitor')).not.toContain(young);
    expect(watched.asked.get(snapshotReads) ?? []).not.toContain(young);
    watched.clients.destroy();
  });

  it('asks who may use 30 candidate snapshots 8 to 16 at a time, each once, every call counted', async () => {
    const watched = watchedClients();
    const volume = await createVolume(clients);
    const candidates = await Promise.all(Array.from({ length: 30 }, () => createSnapshot(clients, volume)));
    const janitor = janitorAt(watched.clients, redis, janitorConfig());
    const report = await janitor.run(
      { types: ['snapshot'], rules: { 'unused-snapshot': { days: 0 } } },
      { dryRun: true },
    );
    expect(actionsOf(report, 'mark-for-janitor')).toEqual(expect.arrayContaining(candidates));
    const asked = watched.asked.get(snapshotReads) ?? [];
    for (const id of candidates) expect(asked.filter((one) => one === id)).toHaveLength(1);
    // Bounded parallel: AWS has no batched form, and one call at a time (or 5) leaves the run waiting on latency.
    expect(watched.mostInFlight()).toBeGreaterThanOrEqual(8);
    expect(watched.mostInFlight()).toBeLessThanOrEqual(16);
    // Through the run's clients: the call counter sees each one.
    expect(watched.clients.counter.count('DescribeSnapshotAttribute')).toBe(asked.length);
    watched.clients.destroy();
  });

  it('asks termination protection only of a candidate instance (stopped, its clock starting), not of a running one', async () => {
    const watched = watchedClients();
    const image = await publicImage(clients);
    const running = await launchInstance(clients, image);
    const stopped = await launchInstance(clients, image);
    await ec2(clients).send(new StopInstancesCommand({ InstanceIds: [stopped] }));
    const janitor = janitorAt(watched.clients, redis, janitorConfig());
    const report = await janitor.run({ types: ['instance'] }, { dryRun: true });
    const asked = watched.asked.get(instanceReads) ?? [];
    expect(actionsOf(report, 'note-seen')).toContain(stopped);
    expect(asked).toContain(stopped);
    expect(asked).not.toContain(running);
    watched.clients.destroy();
  });

  const rdsFamilies = [
    {
      type: 'rds-snapshot',
      rule: 'old-rds-snapshot',
      arnPart: ':snapshot:',
      async parent(rds: RDSClient, name: string) {
        await rds.send(
          new CreateDBInstanceCommand({
            DBInstanceIdentifier: name,
            DBInstanceClass: 'db.t3.micro',
            Engine: 'postgres',
            MasterUsername: 'reads',
            MasterUserPassword: 'not-a-secret-1',
            AllocatedStorage: 20,
          }),
        );
      },
      async snapshot(rds: RDSClient, of: string, name: string, tags: Record<string, string>) {
        await rds.send(
          new CreateDBSnapshotCommand({ DBInstanceIdentifier: of, DBSnapshotIdentifier: name, Tags: tagList(tags) }),
        );
      },
    },
    {
      type: 'rds-cluster-snapshot',
      rule: 'old-rds-cluster-snapshot',
      arnPart: ':cluster-snapshot:',
      async parent(rds: RDSClient, name: string) {
        await rds.send(
          new CreateDBClusterCommand({
            DBClusterIdentifier: name,
            Engine: 'aurora-postgresql',
            MasterUsername: 'reads',
            MasterUserPassword: 'not-a-secret-1',
          }),
        );
      },
      async snapshot(rds: RDSClient, of: string, name: string, tags: Record<string, string>) {
        await rds.send(
          new CreateDBClusterSnapshotCommand({
            DBClusterIdentifier: of,
            DBClusterSnapshotIdentifier: name,
            Tags: tagList(tags),
          }),
        );
      },
    },
  ] as const;

  for (const family of rdsFamilies) {
    it(`asks who may restore a ${family.type} only of candidates: never of one too young or opted out`, async () => {
      const watched = watchedClients();
      const rds = clients.rds({ region: REGION });
      const prefix = `reads-${family.type}`;
      await family.parent(rds, `${prefix}-db`);
      await family.snapshot(rds, `${prefix}-db`, `${prefix}-young`, {});
      await family.snapshot(rds, `${prefix}-db`, `${prefix}-kept`, { 'simian:janitor': 'disabled' });
      const janitor = janitorAt(watched.clients, redis, janitorConfig());
      const young = await janitor.run(
        { types: [family.type], rules: { [family.rule]: { days: 30 } } },
        { dryRun: true },
      );
      expect(actionsOf(young, 'mark-for-janitor').filter((id) => id.includes(prefix))).toEqual([]);
      expect(watched.asked.get(RDS_SHARING) ?? []).not.toContain(`${prefix}-young`);
      expect(watched.asked.get(RDS_SHARING) ?? []).not.toContain(`${prefix}-kept`);

      // Old enough: now a candidate, so who may restore it is asked (and it is marked); the opted-out one still not.
      watched.asked.clear();
      const old = await janitor.run({ types: [family.type], rules: { [family.rule]: { days: 0 } } }, { dryRun: true });
      expect(actionsOf(old, 'mark-for-janitor')).toContainEqual(
        expect.stringContaining(`${family.arnPart}${prefix}-young`),
      );
      expect(watched.asked.get(RDS_SHARING) ?? []).toContain(`${prefix}-young`);
      expect(watched.asked.get(RDS_SHARING) ?? []).not.toContain(`${prefix}-kept`);
      watched.clients.destroy();
    });
  }

  it('never finds unused a snapshot whose sharing was not read (fail closed)', () => {
    const record: ResourceRecord<Snapshot> = {
      id: 'snap-0123456789abcdef0',
      tags: {},
      raw: { SnapshotId: 'snap-0123456789abcdef0', State: 'completed', StartTime: new Date(0) },
    };
    const world = (attributesRead?: ReadonlySet<string>): World => ({
      records: new Map([['snapshot', [record]]]),
      observed: { ...NOTHING_OBSERVED, ...(attributesRead ? { attributesRead } : {}) },
    });
    const judge = (of: World) =>
      unusedSnapshot.unused(record, { index: buildUseIndex(of), world: of, now: new Date(), days: 0 });
    expect(judge(world())).toMatch(/used by no image/);
    expect(judge(world(new Set([record.id])))).toMatch(/used by no image/);
    expect(judge(world(new Set()))).toBeNull();
  });

  const rdsRecords = [
    {
      rule: oldRdsSnapshot as JanitorRule<unknown>,
      type: 'rds-snapshot',
      record: {
        id: `arn:aws:rds:${REGION}:${MOTO_ACCOUNT}:snapshot:never-read`,
        tags: {},
        raw: { DBSnapshotIdentifier: 'never-read', Status: 'available', SnapshotType: 'manual' },
      },
    },
    {
      rule: oldRdsClusterSnapshot as JanitorRule<unknown>,
      type: 'rds-cluster-snapshot',
      record: {
        id: `arn:aws:rds:${REGION}:${MOTO_ACCOUNT}:cluster-snapshot:never-read`,
        tags: {},
        raw: { DBClusterSnapshotIdentifier: 'never-read', Status: 'available', SnapshotType: 'manual' },
      },
    },
  ] as const;

  for (const { rule, type, record } of rdsRecords) {
    it(`never finds unused a ${type} whose sharing was not read (fail closed)`, () => {
      const world = (attributesRead?: ReadonlySet<string>): World => ({
        records: new Map([[type, [record]]]),
        observed: { ...NOTHING_OBSERVED, ...(attributesRead ? { attributesRead } : {}) },
      });
      const judge = (of: World) =>
        rule.unused(record, { index: buildUseIndex(of), world: of, now: new Date(), days: 0 });
      expect(judge(world(new Set([record.id])))).toMatch(/shared with no one/);
      expect(judge(world(new Set()))).toBeNull();
    });
  }
});
