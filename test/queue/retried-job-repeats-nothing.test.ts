import { type Command, ListCommandsCommand } from '@aws-sdk/client-ssm';
import { describe, expect, it } from 'vitest';
import { pipelineRunner } from '../../core/run/pipeline.js';
import { seedFleet } from '../../core/sandbox/seed.js';
import { loadAlwaysOpenConfig } from './support/always-open-config.js';
import { pipelineFixture } from './support/pipeline-fixture.js';

const LATENCY = {
  id: 'latency-armed',
  monkey: 'latency',
  armed: true,
  every: '1m',
  params: { delay: '200ms', duration: '1m' },
};

const fleet = pipelineFixture('retry', {
  seed: (clients) =>
    seedFleet(clients, {
      region: 'us-east-1',
      zones: ['us-east-1a'],
      groups: [
        { name: 'lat-prod', tags: { 'simian:latency': 'enabled' }, instancesPerZone: 2 },
        { name: 'all-prod', tags: { 'simian:all': 'enabled' }, instancesPerZone: 1 },
      ],
      snapshots: 0,
    }),
  load: (prefix) =>
    loadAlwaysOpenConfig(prefix, { id: 'chaos-off', enabled: false }, [LATENCY], {
      armed: true,
      caps: { maxPerRun: 100, maxPercentPerGroup: 100, minHealthy: 0, maxPerDayPerGroup: 100 },
    }),
});

/** Every latency command moto holds: SendCommand calls, counted by what ListCommands returns. */
async function latencyCommands(): Promise<Command[]> {
  const listed = await fleet.clients.ssm({ region: 'us-east-1' }).send(new ListCommandsCommand({}));
  return (listed.Commands ?? []).filter((command) => command.Comment?.startsWith('simian latency'));
}

describe('a retried job repeats nothing (moto, Redis)', () => {
  const request = { scheduleId: 'latency-armed', monkey: 'latency', jobId: 'latency-armed-1' } as const;

  it('a Latency job retried after its delay commands were sent sends none again and reports them already done', async () => {
    const run = pipelineRunner(fleet.parts());
    const first = await run({ ...request, attempt: 1 });
    const delays = first.actions.filter((action) => action.kind === 'delay-network');
    expect(delays.length).toBeGreaterThan(0);
    expect(delays.every((action) => action.status === 'done')).toBe(true);
    const sent = await latencyCommands();
    expect(sent).toHaveLength(delays.length);

    // The worker died after sending (SIGKILL mid-run): BullMQ runs the same job again.
    const retried = await run({ ...request, attempt: 2 });
    expect(await latencyCommands()).toHaveLength(sent.length);
    const again = retried.actions.filter((action) => action.kind === 'delay-network');
    expect(again.map((action) => [action.resource, action.status, action.reason])).toEqual(
      delays.map((action) => [action.resource, 'done', 'already done']),
    );
  });

  it('a send whose command id was never recorded (killed between SendCommand and the record) is found in SSM by its token', async () => {
    const before = await latencyCommands();
    // Only the start of each send is left in the run's record, as if the worker died before SSM answered.
    const keys = await fleet.redis.keys(`${fleet.prefix}:command:*delay-network*`);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) await fleet.redis.hdel(key, 'commandId');

    const retried = await pipelineRunner(fleet.parts())({ ...request, attempt: 3 });
    expect(await latencyCommands()).toHaveLength(before.length);
    expect(retried.actions.filter((action) => action.kind === 'delay-network').map((a) => a.reason)).toEqual(
      keys.map(() => 'already done'),
    );
    for (const key of keys) expect(await fleet.redis.hget(key, 'commandId')).toMatch(/\S/);
  });
});
