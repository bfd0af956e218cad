import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  type LogGroup,
  PutDeliveryDestinationCommand,
  PutLogEventsCommand,
  PutMetricFilterCommand,
  PutSubscriptionFilterCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { CreateFlowLogsCommand, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { logGroupType } from '../../../core/aws/resources/log-group.js';
import { InputError } from '../../../core/errors.js';
import { runRestore } from '../../../monkeys/janitor/restore.js';
import { idleLogGroup } from '../../../monkeys/janitor/rules/idle-log-group.js';
import { evaluate } from '../../../monkeys/janitor/rules/rule.js';
import { buildUseIndex } from '../../../monkeys/janitor/uses.js';
import { NOTHING_OBSERVED, readWorld, type World } from '../../../monkeys/janitor/world.js';
import { MOTO_ACCOUNT } from '../../support/env.js';
import { actionsOf, expectReportedUnreadable, janitorAt, janitorConfig, janitorSandbox, REGION } from './harness.js';
import { refusingRead } from './injected-reads.js';
import { driveRule, OPTED_OUT, OWNED } from './rule-case.js';

const { clients, redis, receiver, target } = janitorSandbox();

const DAY = 86_400_000;
const RULE = { 'idle-log-group': { days: 0 } };
const arnOf = (name: string) => `arn:aws:logs:${REGION}:${MOTO_ACCOUNT}:log-group:${name}`;

async function logGroup(name: string, tags: Record<string, string> = OWNED): Promise<string> {
  await clients.logs(target).send(new CreateLogGroupCommand({ logGroupName: name, tags }));
  return arnOf(name);
}

/**
 * A Kinesis stream to subscribe a group to: moto accepts a subscription filter only to a destination it holds, and
 * the project has no Kinesis client (one JSON call to moto's Kinesis API).
 */
async function kinesisStream(name: string): Promise<string> {
  const endpoint = process.env.AWS_ENDPOINT_URL as string;
  const answer = await fetch(`${endpoint}/`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-amz-json-1.1',
      'X-Amz-Target': 'Kinesis_20131202.CreateStream',
      Authorization: `AWS4-HMAC-SHA256 Credential=testing/20260101/${REGION}/kinesis/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: JSON.stringify({ StreamName: name, ShardCount: 1 }),
  });
  if (!answer.ok) throw new Error(`moto did not create Kinesis stream ${name}: ${answer.status}`);
  return `arn:aws:kinesis:${REGION}:${MOTO_ACCOUNT}:stream/${name}`;
}

async function subscribe(group: string, stream: string): Promise<void> {
  await clients.logs(target).send(
    new PutSubscriptionFilterCommand({
      logGroupName: group,
      filterName: 'ship',
      filterPattern: '',
      destinationArn: stream,
      roleArn: `arn:aws:iam::${MOTO_ACCOUNT}:role/logs-to-kinesis`,
    }),
  );
}

describe('janitor: idle log groups', () => {
  it('marks, tells and deletes a group nothing reads; keeps one with a metric filter, a subscription filter, a delivery destination or a flow log', async () => {
    const stream = await kinesisStream('audit-shipping');
    const counted = await logGroup('/app/counted');
    await clients.logs(target).send(
      new PutMetricFilterCommand({
        logGroupName: '/app/counted',
        filterName: 'errors',
        filterPattern: 'ERROR',
        metricTransformations: [{ metricName: 'Errors', metricNamespace: 'App', metricValue: '1' }],
      }),
    );
    const shipped = await logGroup('/app/shipped');
    await subscribe('/app/shipped', stream);
    const delivered = await logGroup('/vended/cloudfront');
    await clients.logs(target).send(
      new PutDeliveryDestinationCommand({
        name: 'cloudfront-logs',
        deliveryDestinationConfiguration: { destinationResourceArn: delivered },
      }),
    );

    const violating = await logGroup('/app/forgotten');
    // A flow log of a quiet VPC writes nothing for days: its group is still its destination.
    const flowed = await logGroup('/vpc/flow');
    const vpcs = await clients.ec2(target).send(new DescribeVpcsCommand({}));
    await clients.ec2(target).send(
      new CreateFlowLogsCommand({
        ResourceIds: [vpcs.Vpcs?.[0]?.VpcId as string],
        ResourceType: 'VPC',
        TrafficType: 'ALL',
        LogGroupName: '/vpc/flow',
        DeliverLogsPermissionArn: `arn:aws:iam::${MOTO_ACCOUNT}:role/flow-logs`,
      }),
    );

    await driveRule(clients, redis, receiver, 'idle-log-group', 'log-group', {
      violating,
      conforming: counted,
      optedOut: await logGroup('/app/kept', OPTED_OUT),
      reused: await logGroup('/app/shipped-later'),
      inUse: [shipped, delivered, flowed],
      use: () => subscribe('/app/shipped-later', stream),
    });

    // Its events are gone for good, and `simian janitor restore` says so instead of offering anything.
    const restore = runRestore(
      { resource: violating, region: REGION, flagDryRun: true },
      janitorAt(clients, redis, janitorConfig()).deps,
    );
    await expect(restore).rejects.toThrow(InputError);
    await expect(restore).rejects.toThrow(
      `${violating}: a deleted log group cannot be restored: DeleteLogGroup deletes every event it held`,
    );
  });

  it('reads the latest event of any stream, and a recent one keeps a group however old it is', async () => {
    const name = '/app/busy';
    const id = await logGroup(name);
    const events = clients.logs(target);
    const now = Date.now();
    for (const [streamName, ago] of [
      ['older', 3 * DAY],
      ['newer', DAY],
    ] as const) {
      await events.send(new CreateLogStreamCommand({ logGroupName: name, logStreamName: streamName }));
      await events.send(
        new PutLogEventsCommand({
          logGroupName: name,
          logStreamName: streamName,
          logEvents: [{ timestamp: now - ago, message: 'served' }],
        }),
      );
    }
    const world = await readWorld(
      clients.readOnly(),
      { region: REGION, account: MOTO_ACCOUNT },
      new Set(['log-group']),
    );
    const last = Date.parse(world.observed.lastEvents[id] as string);
    expect(last).toBeGreaterThanOrEqual(now - DAY);

    // A group created long ago: its latest event, not its creation, starts the clock.
    const record = { id, name, tags: {}, raw: { logGroupName: name, creationTime: now - 400 * DAY } as LogGroup };
    const judged = (lastEvent: number): World => ({
      records: new Map([['log-group', [record]]]),
      observed: { ...NOTHING_OBSERVED, lastEvents: { [id]: new Date(lastEvent).toISOString() } },
    });
    const verdict = (world: World) =>
      evaluate(idleLogGroup as never, record, { index: buildUseIndex(world), world, now: new Date(now), days: 90 });
    expect(verdict(judged(now - 3 * DAY)).violation).toBeNull();
    expect(verdict(judged(now - 100 * DAY)).violation).toMatch(/no event since .* for 100 day\(s\)/);
  });

  it('keeps and reports a group whose subscription filters could not be read (refusal injected in the SDK: moto never refuses a read)', async () => {
    const faulty = refusingRead('logs', 'DescribeSubscriptionFilters', 'AccessDeniedException');
    const janitor = janitorAt(faulty, redis, janitorConfig(receiver.url));
    const unknown = await logGroup('/app/unreadable');
    const report = await janitor.run({ types: ['log-group'], rules: RULE });
    faulty.destroy();
    expect(actionsOf(report, 'mark-for-janitor')).not.toContain(unknown);
    expectReportedUnreadable(report, unknown, 'AccessDeniedException');
  });

  it('re-reads log groups by ARN, with their tags; a deleted one is absent', async () => {
    const kept = await logGroup('/app/reread');
    const read = await logGroupType.fresh(clients.readOnly(), { region: REGION, account: MOTO_ACCOUNT }, [
      kept,
      arnOf('/app/never-made'),
    ]);
    expect([...read.keys()]).toEqual([kept]);
    expect(read.get(kept)?.tags).toEqual(OWNED);
  });
});
