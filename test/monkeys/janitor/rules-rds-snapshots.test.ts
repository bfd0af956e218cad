import {
  CreateDBClusterCommand,
  CreateDBClusterSnapshotCommand,
  CreateDBInstanceCommand,
  CreateDBSnapshotCommand,
  DeleteDBClusterCommand,
  DeleteDBInstanceCommand,
  type DescribeDBClusterSnapshotsCommandOutput,
  type DescribeDBClustersCommandOutput,
  type DescribeDBInstancesCommandOutput,
  ModifyDBClusterSnapshotAttributeCommand,
  ModifyDBSnapshotAttributeCommand,
} from '@aws-sdk/client-rds';
import { describe, expect, it } from 'vitest';
import type { AwsClients } from '../../../core/aws/clients.js';
import { rdsClusterSnapshotType } from '../../../core/aws/resources/rds-cluster-snapshot.js';
import { rdsSnapshotType } from '../../../core/aws/resources/rds-snapshot.js';
import type { ResourceType } from '../../../core/aws/resources/types.js';
import { InputError } from '../../../core/errors.js';
import { runRestore } from '../../../monkeys/janitor/restore.js';
import { MOTO_ACCOUNT } from '../../support/env.js';
import {
  actionsOf,
  expectReportedUnreadable,
  janitorAt,
  janitorConfig,
  janitorSandbox,
  REGION,
  tagList,
} from './harness.js';
import { amendedRead, refusingRead } from './injected-reads.js';
import { driveRule, OPTED_OUT, OWNED } from './rule-case.js';

const { clients, redis, receiver, target } = janitorSandbox();
const rds = () => clients.rds(target);

/**
 * Manual snapshots of DB instances and of Aurora DB clusters: the same uses (shared or public, the final snapshot of
 * a parent gone, a parent being created from its engine, a copy in progress), read through different calls.
 */
interface SnapshotFamily {
  readonly type: 'rds-snapshot' | 'rds-cluster-snapshot';
  readonly rule: 'old-rds-snapshot' | 'old-rds-cluster-snapshot';
  /** In words, for test names. */
  readonly noun: string;
  readonly resourceType: ResourceType;
  readonly arnOf: (name: string) => string;
  /** A DB instance or cluster of the family's engine. */
  parent(name: string): Promise<void>;
  snapshot(of: string, name: string, tags?: Record<string, string>): Promise<string>;
  shareWith(name: string, who: string): Promise<void>;
  deleteWithFinal(parent: string, final: string): Promise<void>;
  /** The reads of its uses, each of which, refused, must keep every snapshot. */
  readonly useReads: readonly string[];
  /** Clients on which a parent of the engine is `creating` (a restore from a snapshot, as AWS shows it). */
  creating(name: string): AwsClients;
  /** Clients on which `copy` of `source` is in progress, and an AWS Backup recovery point named `backup` exists. */
  copyingAndBackup(of: string, source: string, copy: string, backup: string): AwsClients;
  readonly restoreRefusal: string;
}

const INSTANCE_ENGINE = 'postgres';
const CLUSTER_ENGINE = 'aurora-postgresql';

const FAMILIES: readonly SnapshotFamily[] = [
  {
    type: 'rds-snapshot',
    rule: 'old-rds-snapshot',
    noun: 'RDS snapshot',
    resourceType: rdsSnapshotType as ResourceType,
    arnOf: (name) => `arn:aws:rds:${REGION}:${MOTO_ACCOUNT}:snapshot:${name}`,
    async parent(name) {
      await rds().send(
        new CreateDBInstanceCommand({
          DBInstanceIdentifier: name,
          DBInstanceClass: 'db.t3.micro',
          Engine: INSTANCE_ENGINE,
          MasterUsername: 'orders',
          MasterUserPassword: 'not-a-secret-1',
          AllocatedStorage: 20,
        }),
      );
    },
    async snapshot(of, name, tags = OWNED) {
      const made = await rds().send(
        new CreateDBSnapshotCommand({ DBInstanceIdentifier: of, DBSnapshotIdentifier: name, Tags: tagList(tags) }),
      );
      return made.DBSnapshot?.DBSnapshotArn as string;
    },
    async shareWith(name, who) {
      await rds().send(
        new ModifyDBSnapshotAttributeCommand({
          DBSnapshotIdentifier: name,
          AttributeName: 'restore',
          ValuesToAdd: [who],
        }),
      );
    },
    async deleteWithFinal(parent, final) {
      await rds().send(new DeleteDBInstanceCommand({ DBInstanceIdentifier: parent, FinalDBSnapshotIdentifier: final }));
    },
    useReads: ['DescribeDBSnapshotAttributes', 'DescribeDBInstances'],
    creating: (name) =>
      amendedRead<DescribeDBInstancesCommandOutput>('rds', 'DescribeDBInstances', (output) => ({
        ...output,
        DBInstances: [
          ...(output.DBInstances ?? []),
          { DBInstanceIdentifier: name, Engine: INSTANCE_ENGINE, DBInstanceStatus: 'creating' },
        ],
      })),
    copyingAndBackup: (of, source, copy, backup) =>
      amendedRead<{ DBSnapshots?: object[] }>('rds', 'DescribeDBSnapshots', (output) => ({
        ...output,
        DBSnapshots: [
          ...(output.DBSnapshots ?? []),
          {
            DBSnapshotIdentifier: copy,
            DBSnapshotArn: FAMILIES[0]?.arnOf(copy),
            DBInstanceIdentifier: of,
            SnapshotType: 'manual',
            Status: 'creating',
            Engine: INSTANCE_ENGINE,
            SourceDBSnapshotIdentifier: source,
          },
          {
            DBSnapshotIdentifier: backup,
            DBSnapshotArn: FAMILIES[0]?.arnOf(backup),
            DBInstanceIdentifier: of,
            SnapshotType: 'manual',
            Status: 'available',
            Engine: INSTANCE_ENGINE,
            SnapshotCreateTime: new Date(0),
            TagList: [{ Key: 'aws:backup:source-resource', Value: of }, ...tagList(OWNED)],
          },
        ],
      })),
    restoreRefusal: 'a deleted RDS snapshot cannot be restored: DeleteDBSnapshot is final and AWS keeps no copy of it',
  },
  {
    type: 'rds-cluster-snapshot',
    rule: 'old-rds-cluster-snapshot',
    noun: 'Aurora cluster snapshot',
    resourceType: rdsClusterSnapshotType as ResourceType,
    arnOf: (name) => `arn:aws:rds:${REGION}:${MOTO_ACCOUNT}:cluster-snapshot:${name}`,
    async parent(name) {
      await rds().send(
        new CreateDBClusterCommand({
          DBClusterIdentifier: name,
          Engine: CLUSTER_ENGINE,
          MasterUsername: 'orders',
          MasterUserPassword: 'not-a-secret-1',
        }),
      );
    },
    async snapshot(of, name, tags = OWNED) {
      const made = await rds().send(
        new CreateDBClusterSnapshotCommand({
          DBClusterIdentifier: of,
          DBClusterSnapshotIdentifier: name,
          Tags: tagList(tags),
        }),
      );
      return made.DBClusterSnapshot?.DBClusterSnapshotArn as string;
    },
    async shareWith(name, who) {
      await rds().send(
        new ModifyDBClusterSnapshotAttributeCommand({
          DBClusterSnapshotIdentifier: name,
          AttributeName: 'restore',
          ValuesToAdd: [who],
        }),
      );
    },
    async deleteWithFinal(parent, final) {
      await rds().send(new DeleteDBClusterCommand({ DBClusterIdentifier: parent, FinalDBSnapshotIdentifier: final }));
    },
    useReads: ['DescribeDBClusterSnapshotAttributes', 'DescribeDBClusters'],
    creating: (name) =>
      amendedRead<DescribeDBClustersCommandOutput>('rds', 'DescribeDBClusters', (output) => ({
        ...output,
        DBClusters: [
          ...(output.DBClusters ?? []),
          { DBClusterIdentifier: name, Engine: CLUSTER_ENGINE, Status: 'creating' },
        ],
      })),
    copyingAndBackup: (of, source, copy, backup) =>
      amendedRead<DescribeDBClusterSnapshotsCommandOutput>('rds', 'DescribeDBClusterSnapshots', (output) => ({
        ...output,
        DBClusterSnapshots: [
          ...(output.DBClusterSnapshots ?? []),
          {
            DBClusterSnapshotIdentifier: copy,
            DBClusterSnapshotArn: FAMILIES[1]?.arnOf(copy),
            DBClusterIdentifier: of,
            SnapshotType: 'manual',
            Status: 'copying',
            Engine: CLUSTER_ENGINE,
            SourceDBClusterSnapshotArn: source,
          },
          {
            DBClusterSnapshotIdentifier: backup,
            DBClusterSnapshotArn: FAMILIES[1]?.arnOf(backup),
            DBClusterIdentifier: of,
            SnapshotType: 'manual',
            Status: 'available',
            Engine: CLUSTER_ENGINE,
            SnapshotCreateTime: new Date(0),
            TagList: [{ Key: 'aws:backup:source-resource', Value: of }, ...tagList(OWNED)],
          },
        ],
      })),
    restoreRefusal:
      'a deleted Aurora cluster snapshot cannot be restored: DeleteDBClusterSnapshot is final and AWS keeps no copy of it',
  },
];

for (const family of FAMILIES) {
  // Names differ per family: both run against the same moto.
  const name = (base: string) => `${family.type === 'rds-snapshot' ? 'db' : 'cl'}-${base}`;
  const rules = { [family.rule]: { days: 0 } };
  const marked = async (janitor: ReturnType<typeof janitorAt>) =>
    actionsOf(await janitor.run({ types: [family.type], rules }), 'mark-for-janitor');

  describe(`janitor: old manual ${family.noun}s`, () => {
    it(`marks, tells and deletes an old manual ${family.noun} nothing keeps; keeps shared, public and final snapshots`, async () => {
      await family.parent(name('orders'));
      const shared = await family.snapshot(name('orders'), name('orders-shared'));
      await family.shareWith(name('orders-shared'), '111122223333');
      const published = await family.snapshot(name('orders'), name('orders-public'));
      await family.shareWith(name('orders-public'), 'all');
      // Deleted with a final snapshot: its latest (and only) snapshot is all that is left of it.
      await family.parent(name('legacy'));
      await family.deleteWithFinal(name('legacy'), name('legacy-final'));

      const violating = await family.snapshot(name('orders'), name('orders-before-migration'));
      await driveRule(clients, redis, receiver, family.rule, family.type, {
        violating,
        conforming: shared,
        optedOut: await family.snapshot(name('orders'), name('orders-kept'), OPTED_OUT),
        reused: await family.snapshot(name('orders'), name('orders-published-later')),
        inUse: [published, family.arnOf(name('legacy-final'))],
        use: () => family.shareWith(name('orders-published-later'), 'all'),
      });

      // Gone for good, and `simian janitor restore` says so instead of offering anything.
      const restore = runRestore(
        { resource: violating, region: REGION, flagDryRun: true },
        janitorAt(clients, redis, janitorConfig()).deps,
      );
      await expect(restore).rejects.toThrow(InputError);
      await expect(restore).rejects.toThrow(`${violating}: ${family.restoreRefusal}`);
    });

    for (const command of family.useReads) {
      it(`keeps and reports a ${family.noun} while ${command} is refused (refusal injected in the SDK: moto never refuses a read)`, async () => {
        const faulty = refusingRead('rds', command, 'AccessDenied');
        await family.parent(name(`billing-${command.length}`));
        const unknown = await family.snapshot(name(`billing-${command.length}`), name(`unreadable-${command.length}`));
        const report = await janitorAt(faulty, redis, janitorConfig(receiver.url)).run({ types: [family.type], rules });
        faulty.destroy();
        expect(actionsOf(report, 'mark-for-janitor')).not.toContain(unknown);
        expectReportedUnreadable(report, unknown, 'AccessDenied');
      });
    }

    it(`keeps every ${family.noun} of an engine while a parent of it is being created (a \`creating\` one added in the SDK: moto restores at once)`, async () => {
      const restoring = family.creating(name('search-restored'));
      await family.parent(name('search'));
      const source = await family.snapshot(name('search'), name('search-nightly'));
      const during = await marked(janitorAt(restoring, redis, janitorConfig(receiver.url)));
      restoring.destroy();
      expect(during).not.toContain(source);
      expect(await marked(janitorAt(clients, redis, janitorConfig(receiver.url)))).toContain(source);
    });

    it(`keeps the source of a copy in progress, and never lists an AWS Backup ${family.noun} (both added in the SDK: moto copies at once and has no Backup)`, async () => {
      await family.parent(name('media'));
      const source = await family.snapshot(name('media'), name('media-weekly'));
      const backup = family.arnOf(name('media-backup'));
      const amended = family.copyingAndBackup(name('media'), source, name('media-weekly-copy'), name('media-backup'));
      const listed = await family.resourceType.list(amended.readOnly(), { region: REGION, account: MOTO_ACCOUNT });
      const during = await marked(janitorAt(amended, redis, janitorConfig(receiver.url)));
      amended.destroy();
      expect(listed.map((record) => record.id)).toContain(source);
      expect(listed.map((record) => record.id)).not.toContain(backup);
      expect(during).not.toContain(source);
      expect(during).not.toContain(backup);
    });

    it(`re-reads manual ${family.noun}s by ARN, with their tags; a deleted one is absent, an automated one never listed`, async () => {
      await family.parent(name('ledger'));
      const kept = await family.snapshot(name('ledger'), name('ledger-kept'));
      const where = { region: REGION, account: MOTO_ACCOUNT };
      const read = await family.resourceType.fresh(clients.readOnly(), where, [
        kept,
        family.arnOf(name('ledger-never-made')),
      ]);
      expect([...read.keys()]).toEqual([kept]);
      expect(read.get(kept)?.tags).toEqual(OWNED);
      const listed = await family.resourceType.list(clients.readOnly(), where);
      expect(listed.every((record) => (record.raw as { SnapshotType?: string }).SnapshotType === 'manual')).toBe(true);
    });
  });
}
