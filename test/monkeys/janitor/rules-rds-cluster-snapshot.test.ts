import {
  CreateDBClusterCommand,
  CreateDBClusterSnapshotCommand,
  type DBCluster,
  DeleteDBClusterCommand,
  type DescribeDBClusterSnapshotsCommandOutput,
  type DescribeDBClustersCommandOutput,
  ModifyDBClusterSnapshotAttributeCommand,
} from '@aws-sdk/client-rds';
import { describe, expect, it } from 'vitest';
import { rdsClusterSnapshotType } from '../../../core/aws/resources/rds-cluster-snapshot.js';
import { InputError } from '../../../core/errors.js';
import { runRestore } from '../../../monkeys/janitor/restore.js';
import { MOTO_ACCOUNT } from '../../support/env.js';
import { actionsOf, janitorAt, janitorConfig, janitorSandbox, REGION, tagList } from './harness.js';
import { amendedRead, refusingRead } from './injected-reads.js';
import { driveRule, OPTED_OUT, OWNED } from './rule-case.js';

const { clients, redis, receiver, target } = janitorSandbox();

const RULE = { 'old-rds-cluster-snapshot': { days: 0 } };
const ENGINE = 'aurora-postgresql';
const arnOf = (name: string) => `arn:aws:rds:${REGION}:${MOTO_ACCOUNT}:cluster-snapshot:${name}`;

async function cluster(name: string, engine = ENGINE): Promise<void> {
  await clients.rds(target).send(
    new CreateDBClusterCommand({
      DBClusterIdentifier: name,
      Engine: engine,
      MasterUsername: 'orders',
      MasterUserPassword: 'not-a-secret-1',
    }),
  );
}

async function snapshot(of: string, name: string, tags: Record<string, string> = OWNED): Promise<string> {
  const made = await clients.rds(target).send(
    new CreateDBClusterSnapshotCommand({
      DBClusterIdentifier: of,
      DBClusterSnapshotIdentifier: name,
      Tags: tagList(tags),
    }),
  );
  return made.DBClusterSnapshot?.DBClusterSnapshotArn as string;
}

async function shareWith(name: string, who: string): Promise<void> {
  await clients.rds(target).send(
    new ModifyDBClusterSnapshotAttributeCommand({
      DBClusterSnapshotIdentifier: name,
      AttributeName: 'restore',
      ValuesToAdd: [who],
    }),
  );
}

describe('janitor: old manual Aurora cluster snapshots', () => {
  it('marks, tells and deletes an old manual cluster snapshot nothing keeps; keeps shared, public and final snapshots', async () => {
    await cluster('ledger');
    const shared = await snapshot('ledger', 'ledger-shared');
    await shareWith('ledger-shared', '111122223333');
    const published = await snapshot('ledger', 'ledger-public');
    await shareWith('ledger-public', 'all');
    // Deleted with a final snapshot: its latest (and only) snapshot is all that is left of it.
    await cluster('ledger-legacy');
    await clients.rds(target).send(
      new DeleteDBClusterCommand({
        DBClusterIdentifier: 'ledger-legacy',
        FinalDBSnapshotIdentifier: 'ledger-legacy-final',
      }),
    );
    const final = arnOf('ledger-legacy-final');

    const violating = await snapshot('ledger', 'ledger-before-upgrade');
    await driveRule(clients, redis, receiver, 'old-rds-cluster-snapshot', 'rds-cluster-snapshot', {
      violating,
      conforming: shared,
      optedOut: await snapshot('ledger', 'ledger-kept', OPTED_OUT),
      reused: await snapshot('ledger', 'ledger-published-later'),
      inUse: [published, final],
      use: () => shareWith('ledger-published-later', 'all'),
    });

    // Gone for good, and `simian janitor restore` says so instead of offering anything.
    const restore = runRestore(
      { resource: violating, region: REGION, flagDryRun: true },
      janitorAt(clients, redis, janitorConfig()).deps,
    );
    await expect(restore).rejects.toThrow(InputError);
    await expect(restore).rejects.toThrow(
      `${violating}: a deleted Aurora cluster snapshot cannot be restored: DeleteDBClusterSnapshot is final and AWS keeps no copy of it`,
    );
  });

  for (const command of ['DescribeDBClusterSnapshotAttributes', 'DescribeDBClusters'] as const) {
    it(`keeps and reports a cluster snapshot while ${command} is refused (refusal injected in the SDK: moto never refuses a read)`, async () => {
      const faulty = refusingRead('rds', command, 'AccessDenied');
      const janitor = janitorAt(faulty, redis, janitorConfig(receiver.url));
      await cluster(`billing-${command.length}`);
      const unknown = await snapshot(`billing-${command.length}`, `billing-unreadable-${command.length}`);
      const report = await janitor.run({ types: ['rds-cluster-snapshot'], rules: RULE });
      faulty.destroy();
      expect(actionsOf(report, 'mark-for-janitor')).not.toContain(unknown);
      expect(report.findings).toContainEqual(
        expect.objectContaining({
          rule: 'uses-unreadable',
          resource: unknown,
          severity: 'warning',
          reason: expect.stringContaining('AccessDenied'),
        }),
      );
    });
  }

  it('keeps every cluster snapshot of an engine while a cluster of it is being created (a `creating` cluster added to DescribeDBClusters in the SDK: moto restores at once)', async () => {
    const creating: DBCluster = { DBClusterIdentifier: 'search-restored', Engine: ENGINE, Status: 'creating' };
    const restoring = amendedRead<DescribeDBClustersCommandOutput>('rds', 'DescribeDBClusters', (output) => ({
      ...output,
      DBClusters: [...(output.DBClusters ?? []), creating],
    }));
    const janitor = janitorAt(restoring, redis, janitorConfig(receiver.url));
    await cluster('search');
    const source = await snapshot('search', 'search-nightly');
    const report = await janitor.run({ types: ['rds-cluster-snapshot'], rules: RULE });
    restoring.destroy();
    expect(actionsOf(report, 'mark-for-janitor')).not.toContain(source);

    const calm = janitorAt(clients, redis, janitorConfig(receiver.url));
    const after = await calm.run({ types: ['rds-cluster-snapshot'], rules: RULE });
    expect(actionsOf(after, 'mark-for-janitor')).toContain(source);
  });

  it('keeps the source of a copy in progress, and never lists an AWS Backup snapshot (a copy and a Backup recovery point added to DescribeDBClusterSnapshots in the SDK: moto copies at once and has no Backup)', async () => {
    await cluster('media');
    const source = await snapshot('media', 'media-weekly');
    const backup = arnOf('media-backup-point');
    const amended = amendedRead<DescribeDBClusterSnapshotsCommandOutput>(
      'rds',
      'DescribeDBClusterSnapshots',
      (output) => ({
        ...output,
        DBClusterSnapshots: [
          ...(output.DBClusterSnapshots ?? []),
          {
            DBClusterSnapshotIdentifier: 'media-weekly-copy',
            DBClusterSnapshotArn: arnOf('media-weekly-copy'),
            DBClusterIdentifier: 'media',
            SnapshotType: 'manual',
            Status: 'copying',
            Engine: ENGINE,
            SourceDBClusterSnapshotArn: source,
          },
          {
            DBClusterSnapshotIdentifier: 'media-backup-point',
            DBClusterSnapshotArn: backup,
            DBClusterIdentifier: 'media',
            SnapshotType: 'manual',
            Status: 'available',
            Engine: ENGINE,
            SnapshotCreateTime: new Date(0),
            TagList: [{ Key: 'aws:backup:source-resource', Value: 'media' }, ...tagList(OWNED)],
          },
        ],
      }),
    );
    const janitor = janitorAt(amended, redis, janitorConfig(receiver.url));
    const report = await janitor.run({ types: ['rds-cluster-snapshot'], rules: RULE });
    amended.destroy();
    const marked = actionsOf(report, 'mark-for-janitor');
    expect(marked).not.toContain(source);
    expect(marked).not.toContain(backup);
  });

  it('re-reads manual cluster snapshots by ARN, with their tags; a deleted one is absent', async () => {
    await cluster('archive');
    const kept = await snapshot('archive', 'archive-kept');
    const read = await rdsClusterSnapshotType.fresh(clients.readOnly(), { region: REGION, account: MOTO_ACCOUNT }, [
      kept,
      arnOf('archive-never-made'),
    ]);
    expect([...read.keys()]).toEqual([kept]);
    expect(read.get(kept)?.tags).toEqual(OWNED);
  });
});
