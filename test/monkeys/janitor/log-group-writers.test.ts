import { CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DeregisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import type { ListFunctionsCommandOutput } from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import { buildUseIndex, usesOf } from '../../../monkeys/janitor/uses.js';
import { readWorld } from '../../../monkeys/janitor/world.js';
import { MOTO_ACCOUNT } from '../../support/env.js';
import { actionsOf, expectReportedUnreadable, janitorAt, janitorConfig, janitorSandbox, REGION } from './harness.js';
import { amendedRead, refusingRead } from './injected-reads.js';
import { logWriters } from './log-writers.js';
import { driveRule, OPTED_OUT, OWNED } from './rule-case.js';

/**
 * The services that write to a log group or point at it, each read as a use: a group one of them names is kept
 * whatever its last event (a trail, a query log or a function may be quiet for months, and then write again).
 */
const { clients, redis, receiver, target } = janitorSandbox();
const { trail, queryLogging, lambdaFunction, taskDefinition } = logWriters(clients);

const RULE = { 'idle-log-group': { days: 0 } };
const arnOf = (name: string) => `arn:aws:logs:${REGION}:${MOTO_ACCOUNT}:log-group:${name}`;

async function logGroup(name: string, tags: Record<string, string> = OWNED): Promise<string> {
  await clients.logs(target).send(new CreateLogGroupCommand({ logGroupName: name, tags }));
  return arnOf(name);
}

const logGroupWorld = (from = clients) =>
  readWorld(from.readOnly(), { region: REGION, account: MOTO_ACCOUNT }, new Set(['log-group']));

describe('janitor: log groups that other services write to', () => {
  it('keeps a group a trail, a query log, a function (by name or LoggingConfig) or an active task definition names; marks and deletes the one nothing names', async () => {
    const audited = await logGroup('/writers/cloudtrail');
    await trail('writers-audit', audited);
    const resolved = await logGroup('/aws/route53/writers.example.com');
    await queryLogging('writers.example.com', resolved);
    const implicit = await logGroup('/aws/lambda/writers-resize');
    await lambdaFunction('writers-resize');
    const tasks = await logGroup('/ecs/writers-web');
    await taskDefinition('writers-web', '/ecs/writers-web');

    const world = await logGroupWorld();
    const index = buildUseIndex(world);
    expect(usesOf(index, audited)).toContain('CloudTrail trail writers-audit');
    expect(usesOf(index, resolved)).toEqual([expect.stringMatching(/^Route 53 query logging of hosted zone \S+/)]);
    expect(usesOf(index, implicit)).toContain('Lambda function writers-resize (its default log group)');
    expect(usesOf(index, tasks)).toEqual([
      expect.stringMatching(/^ECS task definition writers-web:1 \(container app\)$/),
    ]);

    const violating = await logGroup('/writers/forgotten');
    const conforming = await logGroup('/aws/lambda/writers-thumbnail');
    await lambdaFunction('writers-thumbnail');
    await driveRule(clients, redis, receiver, 'idle-log-group', 'log-group', {
      violating,
      conforming,
      optedOut: await logGroup('/writers/kept', OPTED_OUT),
      reused: await logGroup('/ecs/writers-worker'),
      inUse: [audited, resolved, implicit, tasks],
      use: async () => {
        await taskDefinition('writers-worker', '/ecs/writers-worker');
      },
    });
  });

  it('counts every active revision of a task definition, and none that was deregistered', async () => {
    const old = await logGroup('/ecs/writers-batch-v1');
    const current = await logGroup('/ecs/writers-batch-v2');
    const first = await taskDefinition('writers-batch', '/ecs/writers-batch-v1');
    await taskDefinition('writers-batch', '/ecs/writers-batch-v2');
    // A service may still run revision 1: while it is active, its group is in use.
    expect(usesOf(buildUseIndex(await logGroupWorld()), old)).toEqual([
      'ECS task definition writers-batch:1 (container app)',
    ]);

    await clients.ecs(target).send(new DeregisterTaskDefinitionCommand({ taskDefinition: first }));
    const index = buildUseIndex(await logGroupWorld());
    expect(usesOf(index, old)).toEqual([]);
    expect(usesOf(index, current)).toEqual(['ECS task definition writers-batch:2 (container app)']);
  });

  it("keeps a group a function's LoggingConfig names (LoggingConfig added to ListFunctions in the SDK: moto does not return it)", async () => {
    const shared = await logGroup('/platform/functions');
    const fallback = await logGroup('/aws/lambda/writers-billing');
    const logging = amendedRead<ListFunctionsCommandOutput>('lambda', 'ListFunctions', (output) => ({
      ...output,
      Functions: [
        ...(output.Functions ?? []),
        { FunctionName: 'writers-billing', LoggingConfig: { LogFormat: 'JSON', LogGroup: '/platform/functions' } },
      ],
    }));
    const index = buildUseIndex(await logGroupWorld(logging));
    logging.destroy();
    expect(usesOf(index, shared)).toEqual(['Lambda function writers-billing (LoggingConfig)']);
    // The function logs there instead of its default group: that one is no longer its use.
    expect(usesOf(index, fallback)).toEqual([]);
  });

  for (const [service, command, code] of [
    ['cloudTrail', 'DescribeTrails', 'AccessDeniedException'],
    ['route53', 'ListQueryLoggingConfigs', 'AccessDenied'],
    ['lambda', 'ListFunctions', 'AccessDeniedException'],
    ['ecs', 'ListTaskDefinitions', 'AccessDeniedException'],
    ['ecs', 'DescribeTaskDefinition', 'AccessDeniedException'],
  ] as const) {
    it(`marks no log group while ${command} is refused, and says why (refusal injected in the SDK: moto never refuses a read)`, async () => {
      await taskDefinition('writers-refused', '/ecs/writers-refused');
      const quiet = await logGroup(`/writers/quiet-${command}`);
      const faulty = refusingRead(service, command, code);
      const janitor = janitorAt(faulty, redis, janitorConfig(receiver.url));
      const report = await janitor.run({ types: ['log-group'], rules: RULE });
      faulty.destroy();
      expect(actionsOf(report, 'mark-for-janitor')).toEqual([]);
      expectReportedUnreadable(report, quiet, code);
    });
  }
});
