import { CreateLogGroupCommand, PutMetricFilterCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DeregisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { writeMarkRecords } from '../../../monkeys/janitor/effects/janitor-record.js';
import { MOTO_ACCOUNT } from '../../support/env.js';
import { dueMark, janitorAt, janitorConfig, janitorSandbox, REGION } from './harness.js';
import { logWriters } from './log-writers.js';
import { OWNED } from './rule-case.js';
import { accessFor } from './typed-resources.js';

const { clients, redis, target } = janitorSandbox();
const writers = logWriters(clients);
const RULE = 'idle-log-group';
const UNCAPPED = { maxDeletionsPerRun: 100, maxDeletionsPerType: 100, maxPercentPerType: 100 };

/**
 * How each log group of a random account is used: `free` by nothing (a task definition that named it and was
 * deregistered does not count), else by one writer or reader.
 */
const groupUse = fc.constantFrom(
  'free',
  'deregistered-task',
  'trail',
  'query-log',
  'function',
  'task',
  'metric-filter',
);
const account = fc.array(groupUse, { minLength: 1, maxLength: 4 });
const FREE = new Set(['free', 'deregistered-task']);

let serial = 0;

async function seed(uses: readonly string[]) {
  const seeded: { id: string; used: boolean }[] = [];
  for (const use of uses) {
    const n = ++serial;
    const name = use === 'function' ? `/aws/lambda/prop-fn-${n}` : `/prop/${use}-${n}`;
    const id = `arn:aws:logs:${REGION}:${MOTO_ACCOUNT}:log-group:${name}`;
    await clients.logs(target).send(new CreateLogGroupCommand({ logGroupName: name, tags: OWNED }));
    if (use === 'trail') await writers.trail(`prop-trail-${n}`, id);
    if (use === 'query-log') await writers.queryLogging(`prop-${n}.example.com`, id);
    if (use === 'function') await writers.lambdaFunction(`prop-fn-${n}`);
    if (use === 'task' || use === 'deregistered-task') {
      const revision = await writers.taskDefinition(`prop-task-${n}`, name);
      if (use === 'deregistered-task')
        await clients.ecs(target).send(new DeregisterTaskDefinitionCommand({ taskDefinition: revision }));
    }
    if (use === 'metric-filter') {
      await clients.logs(target).send(
        new PutMetricFilterCommand({
          logGroupName: name,
          filterName: 'errors',
          filterPattern: 'ERROR',
          metricTransformations: [{ metricName: `Errors${n}`, metricNamespace: 'Prop', metricValue: '1' }],
        }),
      );
    }
    seeded.push({ id, used: !FREE.has(use) });
  }
  return seeded;
}

describe('janitor: a property over random small accounts of log groups', () => {
  it('deletes no log group that a writer or reader names at delete time, and every due one nothing names', async () => {
    const access = accessFor(clients, 'log-group');
    await fc.assert(
      fc.asyncProperty(account, async (uses) => {
        const janitor = janitorAt(clients, redis, janitorConfig());
        const seeded = await seed(uses);
        // Every group due for deletion by the Janitor's own record and its tags alike, its owner told.
        const tags = dueMark(RULE, janitor.clock.now());
        for (const group of seeded) await access.setTags(group.id, tags);
        await writeMarkRecords(
          { redis, prefix: janitor.deps.config.redis.prefix },
          seeded.map((group) => ({
            account: MOTO_ACCOUNT,
            region: REGION,
            resource: group.id,
            resourceType: 'log-group',
            rule: RULE,
            markedAt: tags['simian:janitor:marked-at'] as string,
            deleteAfter: tags['simian:janitor:delete-after'] as string,
            owner: OWNED.owner,
            notifiedOwner: OWNED.owner,
            notifiedAt: tags['simian:janitor:notified-at'] as string,
          })),
        );
        const report = await janitor.run({ ...UNCAPPED, types: ['log-group'], rules: { [RULE]: { days: 0 } } });
        expect(report.refused).toBeUndefined();
        const gone: string[] = [];
        for (const group of seeded) if (!(await access.exists(group.id))) gone.push(group.id);
        expect(gone.filter((id) => seeded.find((group) => group.id === id)?.used)).toEqual([]);
        expect(gone.sort()).toEqual(
          seeded
            .filter((group) => !group.used)
            .map((group) => group.id)
            .sort(),
        );
      }),
      { numRuns: 10 },
    );
  }, 600_000);
});
