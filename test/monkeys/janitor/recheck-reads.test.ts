import { CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  DescribeVpcsCommand,
} from '@aws-sdk/client-ec2';
import type { ListFunctionsCommandOutput } from '@aws-sdk/client-lambda';
import {
  CreateDBInstanceCommand,
  CreateDBSnapshotCommand,
  type DescribeDBSnapshotsCommandOutput,
} from '@aws-sdk/client-rds';
import { describe, expect, it } from 'vitest';
import type { Action } from '../../../core/plan/action.js';
import type { JanitorResourceType } from '../../../monkeys/janitor/effects/janitor-types.js';
import { DELETE_KIND } from '../../../monkeys/janitor/kinds.js';
import { janitorRecheck } from '../../../monkeys/janitor/recheck.js';
import { UNUSED_SEEN_AT_TAG } from '../../../monkeys/janitor/tags.js';
import { quietLogger } from '../../actuator/support.js';
import { MOTO_ACCOUNT } from '../../support/env.js';
import { dueMark, ec2, janitorSandbox, REGION, setTags } from './harness.js';
import { amendedRead, refusingRead } from './injected-reads.js';

const { clients } = janitorSandbox();

/** The deletion a plan would have made of a resource marked `tags` (due, told), planned now. */
function deletion(resource: string, resourceType: JanitorResourceType, rule: string, tags: Record<string, string>) {
  const action: Action = {
    kind: DELETE_KIND[resourceType],
    resource,
    group: null,
    account: MOTO_ACCOUNT,
    region: REGION,
    zone: null,
    params: {
      resourceType,
      rule,
      days: 0,
      markedAt: tags['simian:janitor:marked-at'],
      deleteAfter: tags['simian:janitor:delete-after'],
      notifiedAt: tags['simian:janitor:notified-at'],
      notifiedOwner: null,
      plannedAt: new Date().toISOString(),
    },
  };
  return action;
}

async function securityGroup(name: string): Promise<string> {
  const vpcs = await ec2(clients).send(
    new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] }),
  );
  const made = await ec2(clients).send(
    new CreateSecurityGroupCommand({ GroupName: name, Description: name, VpcId: vpcs.Vpcs?.[0]?.VpcId }),
  );
  return made.GroupId as string;
}

describe('janitor: the action-time re-check reads whatever can use a batch', () => {
  it('spares a security group another group (not in the batch) began to name in a rule since the plan', async () => {
    const due = await securityGroup('recheck-due');
    const referrer = await securityGroup('recheck-referrer');
    const now = new Date();
    const mark = dueMark('unused-security-group', now);
    // Seen unused since the mark's day.
    await setTags(clients, due, { ...mark, [UNUSED_SEEN_AT_TAG]: mark['simian:janitor:marked-at'] as string });
    const action = deletion(due, 'security-group', 'unused-security-group', mark);

    // Nothing names it yet: the re-check lets the deletion go.
    expect((await janitorRecheck([action], { clients, logger: quietLogger })).get(due)).toBeUndefined();

    await ec2(clients).send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: referrer,
        IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, UserIdGroupPairs: [{ GroupId: due }] }],
      }),
    );
    const verdicts = await janitorRecheck([action], { clients, logger: quietLogger });
    expect(verdicts.get(due)).toMatch(/in use: used by a rule of security group recheck-referrer/);
  });

  it('spares a manual RDS snapshot a copy in progress (not in the batch) began to read since the plan', async () => {
    const rds = clients.rds({ region: REGION });
    await rds.send(
      new CreateDBInstanceCommand({
        DBInstanceIdentifier: 'recheck-ledger',
        DBInstanceClass: 'db.t3.micro',
        Engine: 'postgres',
        MasterUsername: 'ledger',
        MasterUserPassword: 'not-a-secret-1',
        AllocatedStorage: 20,
      }),
    );
    const mark = dueMark('old-rds-snapshot', new Date());
    const made = await rds.send(
      new CreateDBSnapshotCommand({
        DBInstanceIdentifier: 'recheck-ledger',
        DBSnapshotIdentifier: 'recheck-ledger-old',
        Tags: Object.entries(mark).map(([Key, Value]) => ({ Key, Value })),
      }),
    );
    const due = made.DBSnapshot?.DBSnapshotArn as string;
    await rds.send(
      new CreateDBSnapshotCommand({
        DBInstanceIdentifier: 'recheck-ledger',
        DBSnapshotIdentifier: 'recheck-ledger-copy',
      }),
    );
    const action = deletion(due, 'rds-snapshot', 'old-rds-snapshot', mark);

    // Nothing copies it yet: the re-check lets the deletion go.
    expect((await janitorRecheck([action], { clients, logger: quietLogger })).get(due)).toBeUndefined();

    // The other snapshot is now a copy of it still being made (moto copies at once: the SDK's answer says so).
    const copying = amendedRead<DescribeDBSnapshotsCommandOutput>('rds', 'DescribeDBSnapshots', (output) => ({
      ...output,
      DBSnapshots: (output.DBSnapshots ?? []).map((snapshot) =>
        snapshot.DBSnapshotIdentifier === 'recheck-ledger-copy'
          ? { ...snapshot, Status: 'creating', SourceDBSnapshotIdentifier: due }
          : snapshot,
      ),
    }));
    const verdicts = await janitorRecheck([action], { clients: copying, logger: quietLogger });
    copying.destroy();
    expect(verdicts.get(due)).toMatch(/in use: used by copy in progress/);
  });

  it('spares a log group a function began to write to since the plan, and while the trails cannot be read', async () => {
    const mark = dueMark('idle-log-group', new Date());
    await clients
      .logs({ region: REGION })
      .send(new CreateLogGroupCommand({ logGroupName: '/aws/lambda/recheck-export', tags: mark }));
    const due = `arn:aws:logs:${REGION}:${MOTO_ACCOUNT}:log-group:/aws/lambda/recheck-export`;
    const action = deletion(due, 'log-group', 'idle-log-group', mark);

    // Nothing writes to it yet: the re-check lets the deletion go.
    expect((await janitorRecheck([action], { clients, logger: quietLogger })).get(due)).toBeUndefined();

    // A function of that name is deployed since (moto stores functions; added to the SDK's answer to stay this file's own).
    const deployed = amendedRead<ListFunctionsCommandOutput>('lambda', 'ListFunctions', (output) => ({
      ...output,
      Functions: [...(output.Functions ?? []), { FunctionName: 'recheck-export' }],
    }));
    const verdicts = await janitorRecheck([action], { clients: deployed, logger: quietLogger });
    deployed.destroy();
    expect(verdicts.get(due)).toMatch(/in use: used by Lambda function recheck-export \(its default log group\)/);

    const refused = refusingRead('cloudTrail', 'DescribeTrails', 'AccessDeniedException');
    const blind = await janitorRecheck([action], { clients: refused, logger: quietLogger });
    refused.destroy();
    expect(blind.get(due)).toMatch(/the CloudTrail trails could not be read \(AccessDeniedException/);
  });
});
