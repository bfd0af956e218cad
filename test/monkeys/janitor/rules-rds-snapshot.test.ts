import {
  CreateDBInstanceCommand,
  CreateDBSnapshotCommand,
  type DBInstance,
  DeleteDBInstanceCommand,
  type DescribeDBInstancesCommandOutput,
  ModifyDBSnapshotAttributeCommand,
} from '@aws-sdk/client-rds';
import { describe, expect, it } from 'vitest';
import { rdsSnapshotType } from '../../../core/aws/resources/rds-snapshot.js';
import { InputError } from '../../../core/errors.js';
import { runRestore } from '../../../monkeys/janitor/restore.js';
import { MOTO_ACCOUNT } from '../../support/env.js';
import { actionsOf, janitorAt, janitorConfig, janitorSandbox, REGION, tagList } from './harness.js';
import { amendedRead, refusingRead } from './injected-reads.js';
import { driveRule, OPTED_OUT, OWNED } from './rule-case.js';

const { clients, redis, receiver, target } = janitorSandbox();

const RULE = { 'old-rds-snapshot': { days: 0 } };

async function database(name: string): Promise<void> {
  await clients.rds(target).send(
    new CreateDBInstanceCommand({
      DBInstanceIdentifier: name,
      DBInstanceClass: 'db.t3.micro',
      Engine: 'postgres',
      MasterUsername: 'orders',
      MasterUserPassword: 'not-a-secret-1',
      AllocatedStorage: 20,
    }),
  );
}

async function snapshot(of: string, name: string, tags: Record<string, string> = OWNED): Promise<string> {
  const made = await clients
    .rds(target)
    .send(new CreateDBSnapshotCommand({ DBInstanceIdentifier: of, DBSnapshotIdentifier: name, Tags: tagList(tags) }));
  return made.DBSnapshot?.DBSnapshotArn as string;
}

async function shareWith(name: string, who: string): Promise<void> {
  await clients.rds(target).send(
    new ModifyDBSnapshotAttributeCommand({
      DBSnapshotIdentifier: name,
      AttributeName: 'restore',
      ValuesToAdd: [who],
    }),
  );
}

describe('janitor: old manual RDS snapshots', () => {
  it('marks, tells and deletes an old manual snapshot nothing keeps; keeps shared, public and final snapshots', async () => {
    await database('orders');
    const shared = await snapshot('orders', 'orders-shared');
    await shareWith('orders-shared', '111122223333');
    const published = await snapshot('orders', 'orders-public');
    await shareWith('orders-public', 'all');
    // Deleted with a final snapshot: its latest (and only) snapshot is all that is left of it.
    await database('legacy');
    await clients
      .rds(target)
      .send(new DeleteDBInstanceCommand({ DBInstanceIdentifier: 'legacy', FinalDBSnapshotIdentifier: 'legacy-final' }));
    const final = `arn:aws:rds:${REGION}:${MOTO_ACCOUNT}:snapshot:legacy-final`;

    const violating = await snapshot('orders', 'orders-before-migration');
    await driveRule(clients, redis, receiver, 'old-rds-snapshot', 'rds-snapshot', {
      violating,
      conforming: shared,
      optedOut: await snapshot('orders', 'orders-kept', OPTED_OUT),
      reused: await snapshot('orders', 'orders-published-later'),
      inUse: [published, final],
      use: () => shareWith('orders-published-later', 'all'),
    });

    // Gone for good, and `simian janitor restore` says so instead of offering anything.
    const restore = runRestore(
      { resource: violating, region: REGION, flagDryRun: true },
      janitorAt(clients, redis, janitorConfig()).deps,
    );
    await expect(restore).rejects.toThrow(InputError);
    await expect(restore).rejects.toThrow(
      `${violating}: a deleted RDS snapshot cannot be restored: DeleteDBSnapshot is final and AWS keeps no copy of it`,
    );
  });

  it('keeps and reports a snapshot whose sharing could not be read (refusal injected in the SDK: moto never refuses a read)', async () => {
    const faulty = refusingRead('rds', 'DescribeDBSnapshotAttributes', 'AccessDenied');
    const janitor = janitorAt(faulty, redis, janitorConfig(receiver.url));
    await database('billing');
    const unknown = await snapshot('billing', 'billing-unreadable');
    const report = await janitor.run({ types: ['rds-snapshot'], rules: RULE });
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

  it('keeps every snapshot of an engine while an instance of it is being created (a `creating` instance added to DescribeDBInstances in the SDK: moto restores at once)', async () => {
    const creating: DBInstance = {
      DBInstanceIdentifier: 'search-restored',
      Engine: 'postgres',
      DBInstanceStatus: 'creating',
    };
    const restoring = amendedRead<DescribeDBInstancesCommandOutput>('rds', 'DescribeDBInstances', (output) => ({
      ...output,
      DBInstances: [...(output.DBInstances ?? []), creating],
    }));
    const janitor = janitorAt(restoring, redis, janitorConfig(receiver.url));
    await database('search');
    const source = await snapshot('search', 'search-nightly');
    const report = await janitor.run({ types: ['rds-snapshot'], rules: RULE });
    restoring.destroy();
    expect(actionsOf(report, 'mark-for-janitor')).not.toContain(source);

    const calm = janitorAt(clients, redis, janitorConfig(receiver.url));
    const after = await calm.run({ types: ['rds-snapshot'], rules: RULE });
    expect(actionsOf(after, 'mark-for-janitor')).toContain(source);
  });

  it('re-reads manual snapshots by ARN, with their tags; a deleted one and an automated one are absent', async () => {
    await database('ledger');
    const kept = await snapshot('ledger', 'ledger-kept');
    const gone = `arn:aws:rds:${REGION}:${MOTO_ACCOUNT}:snapshot:ledger-never-made`;
    const read = await rdsSnapshotType.fresh(clients.readOnly(), { region: REGION, account: MOTO_ACCOUNT }, [
      kept,
      gone,
    ]);
    expect([...read.keys()]).toEqual([kept]);
    expect(read.get(kept)?.tags).toEqual(OWNED);
    const listed = await rdsSnapshotType.list(clients.readOnly(), { region: REGION, account: MOTO_ACCOUNT });
    expect(listed.every((record) => record.raw.SnapshotType === 'manual')).toBe(true);
  });
});
